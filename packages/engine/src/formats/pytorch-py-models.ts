/**
 * Each family's part of the exported model.py, as Python source: the model as a torch.nn.Module with
 * the lab's parameter names (so the file's tensors go in by name), and the functions the main program
 * calls: build_model(tensors, meta, path), describe(model, meta), batch_size(batch),
 * batch_loss(model, batch) and sample(model, meta, batches, args, say).
 */

/** nanoGPT's model, written out again with the lab's names: the file's keys are its state_dict's. */
export const PY_GPT = String.raw`
# ------------------------------------------------------------------------------------------------
# The model: a GPT shaped as nanoGPT's model.py, so that its state_dict keys are the file's names
# (transformer.wte.weight, transformer.h.0.attn.c_attn.weight, ...) and the output head is tied to
# the token table (lm_head.weight IS transformer.wte.weight, written once in the file).
# ------------------------------------------------------------------------------------------------
@dataclass
class GPTConfig:
    block_size: int
    vocab_size: int
    n_layer: int
    n_head: int
    n_embd: int
    dropout: float = 0.0
    bias: bool = True


class LayerNorm(nn.Module):
    """LayerNorm with a bias, eps 1e-5: (x - mean) / sqrt(variance + eps) * weight + bias."""

    def __init__(self, ndim, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class CausalSelfAttention(nn.Module):
    """Each position mixes the values of the positions before it (and itself), weighted by softmax of
    the scaled products of its query with their keys; n_head heads each read a slice of the width."""

    def __init__(self, config):
        super().__init__()
        assert config.n_embd % config.n_head == 0
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
        self.attn_dropout = nn.Dropout(config.dropout)
        self.resid_dropout = nn.Dropout(config.dropout)
        self.n_head = config.n_head
        # Position t sees 0..t. A buffer, not a parameter, and not saved (nanoGPT keeps it as
        # "attn.bias" in its state_dict; the lab's file leaves it out and the loader skips it).
        causal = torch.tril(torch.ones(config.block_size, config.block_size, dtype=torch.bool))
        self.register_buffer("causal", causal.view(1, 1, config.block_size, config.block_size), persistent=False)

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)
        # [B, T, C] -> [B, heads, T, C/heads]
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        # (q . k^T) * (1/sqrt(d)), in this order, as the lab computes it.
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(~self.causal[:, :, :T, :T], float("-inf"))
        att = F.softmax(att, dim=-1)
        att = self.attn_dropout(att)
        y = att @ v
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.resid_dropout(self.c_proj(y))


class MLP(nn.Module):
    """Per position: widen to 4x, GELU (the exact one, with erf), back to the width."""

    def __init__(self, config):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x):
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))


class Block(nn.Module):
    """Pre-LayerNorm: x + attention(ln_1(x)), then x + mlp(ln_2(x))."""

    def __init__(self, config):
        super().__init__()
        self.ln_1 = LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = MLP(config)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        x = x + self.mlp(self.ln_2(x))
        return x


class GPT(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.transformer = nn.ModuleDict(
            dict(
                wte=nn.Embedding(config.vocab_size, config.n_embd),
                wpe=nn.Embedding(config.block_size, config.n_embd),
                drop=nn.Dropout(config.dropout),
                h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
                ln_f=LayerNorm(config.n_embd, bias=config.bias),
            )
        )
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        # The tied head: one matrix reads tokens in (a row per token) and scores them out.
        self.transformer.wte.weight = self.lm_head.weight

    def forward(self, idx, targets=None):
        B, T = idx.size()
        pos = torch.arange(0, T, dtype=torch.long)
        x = self.transformer.drop(self.transformer.wte(idx) + self.transformer.wpe(pos))
        for block in self.transformer.h:
            x = block(x)
        logits = self.lm_head(self.transformer.ln_f(x))
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
        return logits, loss

    @torch.no_grad()
    def generate(self, idx, new_tokens, temperature=1.0, top_k=None, generator=None):
        """Appends new_tokens tokens, each drawn from the softmax of the last position's logits."""
        for _ in range(new_tokens):
            context = idx[:, -self.config.block_size :]
            logits, _ = self(context)
            logits = logits[:, -1, :] / temperature
            if top_k is not None:
                v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                logits[logits < v[:, [-1]]] = -float("inf")
            probs = F.softmax(logits, dim=-1)
            idx = torch.cat((idx, torch.multinomial(probs, 1, generator=generator)), dim=1)
        return idx


def gpt_ignored(name):
    # nanoGPT's own files carry the causal mask and the tied head; torch.compile adds "_orig_mod.".
    return name.endswith(".attn.bias") or name == "lm_head.weight"


def build_model(tensors, meta, path):
    config = GPTConfig(**{**json.loads(meta["config"]), "dropout": 0.0})
    model = GPT(config)
    tensors = {k[len("_orig_mod.") :] if k.startswith("_orig_mod.") else k: v for k, v in tensors.items()}
    put_weights(model, tensors, path, gpt_ignored)
    return model


def describe(model, meta):
    c = model.config
    return f"GPT n_layer={c.n_layer} n_head={c.n_head} n_embd={c.n_embd} block_size={c.block_size} vocab_size={c.vocab_size}"


def batch_size(batch):
    return WORDS["windows"].format(n=len(batch["x"]), t=len(batch["x"][0]))


def batch_loss(model, batch):
    _, loss = model(torch.tensor(batch["x"]), torch.tensor(batch["y"]))
    return loss


def sample(model, meta, batches, args, say):
    vocab = json.loads(meta["vocab"])
    index = {ch: i for i, ch in enumerate(vocab)}
    settings = json.loads(meta.get("experiment", "{}")).get("sample", {})
    start = settings.get("start", "")
    unknown = sorted(set(ch for ch in start if ch not in index))
    if unknown:
        sys.exit(WORDS["start"].format(chars="".join(unknown)))
    context = [index[ch] for ch in start] or [0]
    count = args.sample if args.sample is not None else settings.get("tokens", 200)
    generator = torch.Generator().manual_seed(args.seed)
    out = model.generate(torch.tensor([context]), count, settings.get("temperature", 1.0), settings.get("topK"), generator)
    text = start + "".join(vocab[i] for i in out[0, len(context) :].tolist())
    say(WORDS["sampled"])
    say(text)
    return text
`;

/** The regression lessons' dense network: W{l} [units, inputs] and b{l}, z-scored inputs. */
export const PY_DENSE = String.raw`
# ------------------------------------------------------------------------------------------------
# The model: the lab's dense network. Layer l computes z = a . W{l}^T + b{l} and a = activation(z);
# W{l} is [units, inputs], as torch.nn.Linear's weight. The inputs are z-scored first with the
# training data's mean and standard deviation (the network learned on z-scored inputs).
# ------------------------------------------------------------------------------------------------
ACTIVATIONS = {"identity": lambda z: z, "relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


class DenseNet(nn.Module):
    def __init__(self, inputs, layers, normalization):
        super().__init__()
        self.activations = []
        fan_in = inputs
        for l, layer in enumerate(layers, start=1):
            setattr(self, f"W{l}", nn.Parameter(torch.zeros(layer["units"], fan_in)))
            setattr(self, f"b{l}", nn.Parameter(torch.zeros(layer["units"])))
            self.activations.append(layer.get("activation", "identity"))
            fan_in = layer["units"]
        real = torch.get_default_dtype()
        self.mean = torch.tensor(normalization["mean"], dtype=real) if normalization else None
        self.std = torch.tensor(normalization["std"], dtype=real) if normalization else None

    def forward(self, x):
        a = x if self.mean is None else (x - self.mean) / self.std
        for l, activation in enumerate(self.activations, start=1):
            z = a @ getattr(self, f"W{l}").T + getattr(self, f"b{l}")
            a = ACTIVATIONS[activation](z)
        return a


def build_model(tensors, meta, path):
    layers = json.loads(meta["layers"])
    normalization = json.loads(meta["normalization"]) if "normalization" in meta else None
    model = DenseNet(int(meta["inputs"]), layers, normalization)
    put_weights(model, tensors, path)
    return model


def describe(model, meta):
    layers = json.loads(meta["layers"])
    shape = " -> ".join([meta["inputs"]] + [f"{l['units']} {l.get('activation', 'identity')}" for l in layers])
    z = ", " + WORDS["zscored"] if model.mean is not None else ""
    return f"{WORDS['dense']} {shape}{z}"


def batch_size(batch):
    return WORDS["examples"].format(n=len(batch["inputs"]))


def batch_loss(model, batch):
    # Mean squared error over every example and output, no 1/2 (the lab's convention).
    # JSON's 3 is an int: the numbers are made the model's precision (float64 or float32).
    real = torch.get_default_dtype()
    prediction = model(torch.tensor(batch["inputs"], dtype=real))
    return ((prediction - torch.tensor(batch["targets"], dtype=real)) ** 2).mean()


def sample(model, meta, batches, args, say):
    if not batches:
        return []
    count = args.sample if args.sample is not None else 5
    inputs = batches[0]["inputs"][:count]
    with torch.no_grad():
        outputs = model(torch.tensor(inputs, dtype=torch.get_default_dtype())).tolist()
    say(WORDS["predictions"])
    for x, y, t in zip(inputs, outputs, batches[0]["targets"]):
        say(f"  {x} -> {y}   {t}")
    return outputs
`;

/** makemore's MLP (and the neural bigram): the table E, then dense layers, the last scoring characters. */
export const PY_LM = String.raw`
# ------------------------------------------------------------------------------------------------
# The model: the lab's character model (makemore's MLP). The context's characters are looked up in
# the table E [V, dim] and put side by side ([n, context * dim]); dense layers follow, W{l} [units,
# inputs] and b{l} with their activation, the last giving a score (logit) per character. With E alone
# (dim = V, context 1) it is the neural bigram: the logits are E's row of the previous character.
# ------------------------------------------------------------------------------------------------
ACTIVATIONS = {"identity": lambda z: z, "relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


class CharMLP(nn.Module):
    def __init__(self, vocab_size, context, dim, layers):
        super().__init__()
        self.context = context
        self.E = nn.Parameter(torch.zeros(vocab_size, dim))
        self.activations = []
        fan_in = context * dim
        for l, (units, activation) in enumerate(layers, start=1):
            setattr(self, f"W{l}", nn.Parameter(torch.zeros(units, fan_in)))
            setattr(self, f"b{l}", nn.Parameter(torch.zeros(units)))
            self.activations.append(activation)
            fan_in = units

    def forward(self, contexts):
        a = self.E[contexts].view(contexts.shape[0], -1)
        for l, activation in enumerate(self.activations, start=1):
            z = a @ getattr(self, f"W{l}").T + getattr(self, f"b{l}")
            a = ACTIVATIONS[activation](z)
        return a


class CountModel(nn.Module):
    """makemore's first model: P(next | previous) = (N[previous][next] + k) / sum over c of
    (N[previous][c] + k), N counted on the training words, k the smoothing. No parameters (nothing is
    learned by gradient); its logits are ln P, so softmax gives P back."""

    def __init__(self, counts, smoothing):
        super().__init__()
        self.context = 1
        n = counts + smoothing
        totals = n.sum(dim=1, keepdim=True)
        # A row never seen, with k = 0, has no probabilities: uniform rather than 0/0.
        self.register_buffer("P", torch.where(totals > 0, n / totals, torch.full_like(n, 1.0 / n.shape[1])))

    def forward(self, contexts):
        return torch.log(self.P[contexts[:, -1]])


def build_model(tensors, meta, path):
    experiment = json.loads(meta["experiment"])
    vocab = json.loads(meta["vocab"])
    if experiment["model"]["layers"][0]["type"] == "counts":
        for name in tensors:
            if name != "counts":
                sys.exit(WORDS["unknown"].format(path=path, name=name))
        if "counts" not in tensors:
            sys.exit(WORDS["missing"].format(path=path, name="counts"))
        return CountModel(tensors["counts"], experiment["model"]["layers"][0].get("smoothing", 1))
    dense = [l for l in experiment["model"]["layers"] if l["type"] == "dense"]
    # The sizes are the tensors' (a layer of "vocab" units has V); the activations are the experiment's.
    layers = [(tensors[f"W{l}"].shape[0], d.get("activation", "identity")) for l, d in enumerate(dense, start=1)]
    model = CharMLP(len(vocab), experiment["data"]["context"], tensors["E"].shape[1], layers)
    put_weights(model, tensors, path)
    return model


def describe(model, meta):
    if isinstance(model, CountModel):
        return WORDS["counts"].format(n=list(model.P.shape))
    sizes = [str(model.context * model.E.shape[1])]
    sizes += [f"{getattr(model, f'W{l}').shape[0]} {a}" for l, a in enumerate(model.activations, start=1)]
    return f"{WORDS['chars'].format(context=model.context)}, E {list(model.E.shape)}: {' -> '.join(sizes)}"


def batch_size(batch):
    return WORDS["examples"].format(n=len(batch["contexts"]))


def batch_loss(model, batch):
    return F.cross_entropy(model(torch.tensor(batch["contexts"])), torch.tensor(batch["targets"]))


def sample(model, meta, batches, args, say):
    """Names: from a context of "." (index 0), draw characters until "." comes out."""
    vocab = json.loads(meta["vocab"])
    settings = json.loads(meta["experiment"]).get("sample", {})
    count = args.sample if args.sample is not None else settings.get("count", 10)
    temperature = settings.get("temperature", 1.0)
    top_k = settings.get("topK")
    generator = torch.Generator().manual_seed(args.seed)
    names = []
    with torch.no_grad():
        for _ in range(count):
            context, name = [0] * model.context, ""
            while len(name) < 50:
                logits = model(torch.tensor([context]))[0] / temperature
                if top_k is not None:
                    v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                    logits[logits < v[-1]] = -float("inf")
                ix = torch.multinomial(F.softmax(logits, dim=-1), 1, generator=generator).item()
                if ix == 0:
                    break
                name += vocab[ix]
                context = context[1:] + [ix]
            names.append(name)
    say(WORDS["sampled"])
    say(" ".join(names))
    return names
`;

/**
 * The GPT's part of the exported model.py, as Python source (see pytorch-py-models.ts for the functions
 * every family's part defines).
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

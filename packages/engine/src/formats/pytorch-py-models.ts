/**
 * The dense nets' and the language models' parts of the exported model.py, as Python source (the
 * GPT's is in pytorch-py-gpt.ts). Each family's part is the model as a torch.nn.Module with the lab's
 * parameter names (so the file's tensors go in by name), and the functions the main program calls: build_model(tensors, meta, path), describe(model, meta), batch_size(batch),
 * batch_loss(model, batch) and sample(model, meta, batches, args, say).
 */

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

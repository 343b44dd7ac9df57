/**
 * The parts of the exported model.py every family shares, as Python source: the safetensors reader
 * (struct + json + torch.frombuffer, nothing else installed), copying the tensors onto the model's
 * parameters by name, and the main program (the loss on batch.json beside expected.json's, sampling,
 * --sgd N, --json). The family's part (pytorch-py-models.ts) defines build_model, describe, batch_size,
 * batch_loss and sample between them. The words the script prints are in the export's language.
 */
export type PyLocale = 'en' | 'pt-BR';

/** What the script prints, by key; `{name}` is filled by Python's str.format. */
const WORDS: Record<PyLocale, Record<string, string>> = {
  en: {
    about:
      "Loads the weights the lab exported into PyTorch, prints the loss on batch.json beside the engine's, samples, and trains with SGD.",
    loaded: '{file}: {what}, {n} parameters, {dtype}',
    loss: "loss on batch.json's first batch ({size}): {loss!r}",
    engine: "  the engine's (expected.json): {loss!r}   difference {diff:.1e}",
    no_batch: 'No batch.json next to the weights: no loss to compute.',
    sgd: '{n} SGD step(s), lr {lr}, one batch of batch.json each (the loss before each update):',
    step: '  step {k}: loss {loss!r}',
    step_engine: '  step {k}: loss {loss!r}   the engine: {engine!r}   difference {diff:.1e}',
    no_lr: 'Say the learning rate: --lr 0.1 (expected.json has none).',
    sampled: "Written by PyTorch from these weights (its own random numbers, so not the lab's text):",
    predictions: 'Predictions for the first examples of batch.json (output, then the target):',
    short: '{path}: {size} bytes, fewer than the header says ({need}).',
    dtype: '{path}: tensor {name} is {dtype}; this script reads F64 and F32.',
    missing: '{path}: the model has {name} but the file does not.',
    unknown: '{path}: the file has {name} but the model does not.',
    shape: '{path}: {name} has shape {got}, the model expects {want}.',
    start: 'The start text has characters the model does not know: {chars}',
    header: '{path}: the header (bytes 8 to {end}) is not UTF-8 JSON.',
    bytes: '{path}: tensor {name} has {got} bytes for shape {shape}, which needs {want}.',
    examples: '{n} examples',
    windows: '{n} windows of {t} tokens',
    dense: 'dense network',
    zscored: 'z-scored inputs',
    chars: 'character model, context {context}',
    counts: 'counting model, P {n} from the counts',
    nothing: 'The counting model has no parameters: nothing for SGD to train.',
    no_torch:
      "model.py needs PyTorch, which {python} cannot import: install it (pip install torch, or Debian's python3-torch) and run it again.",
  },
  'pt-BR': {
    about:
      'Carrega no PyTorch os pesos exportados pelo laboratório, mostra a perda em batch.json ao lado da do motor, gera amostras e treina com SGD.',
    loaded: '{file}: {what}, {n} parâmetros, {dtype}',
    loss: 'perda no primeiro lote de batch.json ({size}): {loss!r}',
    engine: '  a do motor (expected.json): {loss!r}   diferença {diff:.1e}',
    no_batch: 'Não há batch.json ao lado dos pesos: nenhuma perda a calcular.',
    sgd: '{n} passo(s) de SGD, lr {lr}, um lote de batch.json em cada (a perda antes de cada atualização):',
    step: '  passo {k}: perda {loss!r}',
    step_engine: '  passo {k}: perda {loss!r}   o motor: {engine!r}   diferença {diff:.1e}',
    no_lr: 'Diga a taxa de aprendizado: --lr 0.1 (expected.json não tem uma).',
    sampled:
      'Escrito pelo PyTorch com estes pesos (com os números aleatórios dele, então não é o texto do laboratório):',
    predictions: 'Previsões para os primeiros exemplos de batch.json (a saída, depois o alvo):',
    short: '{path}: {size} bytes, menos do que o cabeçalho diz ({need}).',
    dtype: '{path}: o tensor {name} é {dtype}; este script lê F64 e F32.',
    missing: '{path}: o modelo tem {name}, o arquivo não.',
    unknown: '{path}: o arquivo tem {name}, o modelo não.',
    shape: '{path}: {name} tem forma {got}, o modelo espera {want}.',
    start: 'O texto inicial tem caracteres que o modelo não conhece: {chars}',
    header: '{path}: o cabeçalho (bytes 8 a {end}) não é JSON em UTF-8.',
    bytes: '{path}: o tensor {name} tem {got} bytes para a forma {shape}, que precisa de {want}.',
    examples: '{n} exemplos',
    windows: '{n} janelas de {t} tokens',
    dense: 'rede densa',
    zscored: 'entradas padronizadas (z-score)',
    chars: 'modelo de caracteres, contexto {context}',
    counts: 'modelo de contagem, P {n} a partir das contagens',
    nothing: 'O modelo de contagem não tem parâmetros: nada para o SGD treinar.',
    no_torch:
      'model.py precisa do PyTorch, que {python} não consegue importar: instale-o (pip install torch, ou o python3-torch do Debian) e rode de novo.',
  },
};

/** The words as a Python dict literal (JSON is valid Python for strings). */
export function pyWords(locale: PyLocale): string {
  const entries = Object.entries(WORDS[locale]).map(
    ([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`,
  );
  return `WORDS = {\n${entries.join('\n')}\n}\n`;
}

export const PY_IMPORTS = String.raw`import argparse
import json
import math
import os
import struct
import sys
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
`;

/** PyTorch's imports, after WORDS: a Python without torch stops with one sentence, not a traceback. */
export const PY_TORCH = String.raw`try:
    import torch
    import torch.nn as nn
    from torch.nn import functional as F
except ImportError:
    sys.exit(WORDS["no_torch"].format(python=sys.executable))
`;

export const PY_LOADER = String.raw`
# ------------------------------------------------------------------------------------------------
# The weights: a safetensors file read by hand. Its layout:
#   bytes 0..7     N, the header's length, an unsigned 64-bit little-endian integer
#   bytes 8..8+N   the header, UTF-8 JSON: {"name": {"dtype": "F64", "shape": [r, c],
#                  "data_offsets": [begin, end]}, ..., "__metadata__": {"key": "text", ...}}
#   the rest       every tensor's values, row by row, little-endian, at [begin, end) of this part
# ------------------------------------------------------------------------------------------------
SAFETENSORS_DTYPES = {"F64": torch.float64, "F32": torch.float32}


def load_safetensors(path):
    """The file's tensors by name and its metadata (texts; JSON where structured)."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        sys.exit(WORDS["short"].format(path=path, size=len(raw), need=8))
    (n,) = struct.unpack("<Q", raw[:8])
    if 8 + n > len(raw):
        sys.exit(WORDS["short"].format(path=path, size=len(raw), need=8 + n))
    try:
        header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and json's errors are ValueErrors
        sys.exit(WORDS["header"].format(path=path, end=8 + n))
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n :]
    tensors = {}
    for name, t in header.items():
        dtype = SAFETENSORS_DTYPES.get(t["dtype"])
        if dtype is None:
            sys.exit(WORDS["dtype"].format(path=path, name=name, dtype=t["dtype"]))
        begin, end = t["data_offsets"]
        if end > len(data):
            sys.exit(WORDS["short"].format(path=path, size=len(raw), need=8 + n + end))
        want = math.prod(t["shape"]) * torch.empty(0, dtype=dtype).element_size()
        if end - begin != want:
            sys.exit(WORDS["bytes"].format(path=path, name=name, got=end - begin, shape=t["shape"], want=want))
        # A copy in a bytearray: torch.frombuffer shares the memory it is given, and this way each
        # tensor starts aligned and may be written to. The bytes are read as this machine's order,
        # little-endian on x86 and ARM, the file's order.
        values = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype)
        tensors[name] = values.reshape(t["shape"])
    return tensors, metadata


def put_weights(model, tensors, path, ignored=lambda name: False):
    """Every parameter of the model takes the file's tensor of the same name and shape."""
    params = dict(model.named_parameters())
    for name in tensors:
        if name not in params and not ignored(name):
            sys.exit(WORDS["unknown"].format(path=path, name=name))
    with torch.no_grad():
        for name, p in params.items():
            if name not in tensors:
                sys.exit(WORDS["missing"].format(path=path, name=name))
            t = tensors[name]
            if tuple(t.shape) != tuple(p.shape):
                sys.exit(WORDS["shape"].format(path=path, name=name, got=list(t.shape), want=list(p.shape)))
            p.copy_(t)
`;

export const PY_MAIN = String.raw`
# ------------------------------------------------------------------------------------------------
# The program: the loss on batch.json beside the engine's, a sample, and SGD steps.
# ------------------------------------------------------------------------------------------------
def read_json(path):
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def train_sgd(model, batches, steps, lr):
    """Plain SGD as the lab's (p <- p - lr * gradient, no momentum, no weight decay): step k reads
    batch k of batch.json (from the first again when there are fewer); its loss is the one before
    the update, as the lab reports it."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for k in range(steps):
        optimizer.zero_grad()
        loss = batch_loss(model, batches[k % len(batches)])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def main():
    parser = argparse.ArgumentParser(description=WORDS["about"])
    parser.add_argument("--weights", default=os.path.join(HERE, "model.safetensors"))
    parser.add_argument("--batch", default=os.path.join(HERE, "batch.json"))
    parser.add_argument("--expected", default=os.path.join(HERE, "expected.json"))
    parser.add_argument("--sgd", type=int, default=0, metavar="N", help="N steps of SGD on batch.json")
    parser.add_argument("--lr", type=float, default=None, help="SGD's learning rate (default: expected.json's)")
    parser.add_argument("--sample", type=int, default=None, metavar="N", help="how much to sample (0: nothing)")
    parser.add_argument("--seed", type=int, default=0, help="seed of PyTorch's random numbers for sampling")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout instead of words")
    args = parser.parse_args()

    tensors, meta = load_safetensors(args.weights)
    dtype = next(iter(tensors.values())).dtype
    # Every module built from here holds numbers of the file's precision (float64 or float32).
    torch.set_default_dtype(dtype)
    model = build_model(tensors, meta, args.weights)
    model.eval()
    batches = read_json(args.batch).get("batches", [])
    expected = read_json(args.expected)
    say = (lambda *a: None) if args.json else print
    report = {"dtype": str(dtype).replace("torch.", ""), "parameters": sum(p.numel() for p in model.parameters())}
    name = os.path.basename(args.weights)
    say(WORDS["loaded"].format(file=name, what=describe(model, meta), n=report["parameters"], dtype=report["dtype"]))

    if batches:
        with torch.no_grad():
            loss = batch_loss(model, batches[0]).item()
        report["loss"] = loss
        say(WORDS["loss"].format(size=batch_size(batches[0]), loss=loss))
        if "loss" in expected:
            say(WORDS["engine"].format(loss=expected["loss"], diff=abs(loss - expected["loss"])))
    else:
        say(WORDS["no_batch"])

    if args.sample != 0:
        report["sample"] = sample(model, meta, batches, args, say)

    if args.sgd > 0 and report["parameters"] == 0:
        say(WORDS["nothing"])
    elif args.sgd > 0 and batches:
        lr = args.lr if args.lr is not None else expected.get("sgd", {}).get("lr")
        if lr is None:
            sys.exit(WORDS["no_lr"])
        losses = train_sgd(model, batches, args.sgd, lr)
        report["sgd"] = {"lr": lr, "losses": losses}
        say(WORDS["sgd"].format(n=args.sgd, lr=lr))
        theirs = expected.get("sgd", {}).get("losses", []) if args.lr is None else []
        for k, loss in enumerate(losses):
            if k < len(theirs):
                say(WORDS["step_engine"].format(k=k + 1, loss=loss, engine=theirs[k], diff=abs(loss - theirs[k])))
            else:
                say(WORDS["step"].format(k=k + 1, loss=loss))

    if args.json:
        print(json.dumps(report))


if __name__ == "__main__":
    main()
`;

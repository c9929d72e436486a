"""PyTorch half of bench/kd/model-throughput.sh: the same encoder-decoder shape as retort's kd Seq2SeqModel
(pre-LayerNorm nn.Transformer, GELU, one token embedding shared by encoder, decoder and output layer, learned
positions), trained with AdamW on the same batch shape, then greedy-decoded one example at a time for as many
steps as retort's decoder ran per example. nn.Transformer has no KV cache: each step re-runs the decoder."""
import json, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

d, heads, layers, ff, vocab, batch, src_len, tgt_len, steps, decode_examples, decode_len = map(int, sys.argv[1:12])
lengths = [int(x) for x in open(sys.argv[12]).read().split()]
torch.set_num_threads(1)
torch.manual_seed(42)


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(vocab, d)
        self.src_pos = nn.Embedding(src_len, d)
        self.tgt_pos = nn.Embedding(max(tgt_len, decode_len) + 1, d)
        self.transformer = nn.Transformer(d, heads, layers, layers, ff, dropout=0.1, activation="gelu",
                                          batch_first=True, norm_first=True)

    def encode(self, src, src_pad):
        x = self.tokens(src) + self.src_pos(torch.arange(src.size(1)))
        return self.transformer.encoder(x, src_key_padding_mask=src_pad)

    def decode(self, tgt, memory, src_pad):
        t = tgt.size(1)
        x = self.tokens(tgt) + self.tgt_pos(torch.arange(t))
        causal = nn.Transformer.generate_square_subsequent_mask(t)
        h = self.transformer.decoder(x, memory, tgt_mask=causal, memory_key_padding_mask=src_pad)
        return F.log_softmax(h @ self.tokens.weight.t(), -1)


def percentile(xs, p):
    s = sorted(xs)
    pos = p / 100 * (len(s) - 1)
    lo, hi = int(pos), min(int(pos) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


model = Seq2Seq()
opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
g = torch.Generator().manual_seed(1)
src = torch.randint(3, vocab, (batch, src_len), generator=g)
tgt = torch.randint(3, vocab, (batch, tgt_len + 1), generator=g)
src_pad = torch.zeros(batch, src_len, dtype=torch.bool)
model.train()
step_ms = []
for s in range(-3, steps):
    t0 = time.perf_counter()
    opt.zero_grad()
    logp = model.decode(tgt[:, :-1], model.encode(src, src_pad), src_pad)
    loss = F.nll_loss(logp.reshape(-1, vocab), tgt[:, 1:].reshape(-1))
    loss.backward()
    opt.step()
    if s >= 0:
        step_ms.append((time.perf_counter() - t0) * 1e3)

model.eval()
decode_ms = []
with torch.no_grad():
    for i in range(-2, decode_examples):
        one = torch.randint(3, vocab, (1, src_len), generator=g)
        pad = torch.zeros(1, src_len, dtype=torch.bool)
        n = lengths[max(i, 0)]
        t0 = time.perf_counter()
        memory = model.encode(one, pad)
        out = torch.full((1, 1), 1, dtype=torch.long)
        for _ in range(n):
            nxt = model.decode(out, memory, pad)[:, -1].argmax(-1, keepdim=True)
            out = torch.cat([out, nxt], 1)
        if i >= 0:
            decode_ms.append((time.perf_counter() - t0) * 1e3)

median_step = percentile(step_ms, 50)
print(json.dumps({"impl": "pytorch", "params": sum(p.numel() for p in model.parameters()),
                  "train_step_ms_p50": round(median_step, 2),
                  "train_tokens_per_s": round(batch * (src_len + tgt_len) / (median_step / 1e3), 1),
                  "decode_ms_p50": round(percentile(decode_ms, 50), 2), "decode_ms_p95": round(percentile(decode_ms, 95), 2),
                  "torch": torch.__version__}))

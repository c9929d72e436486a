#!/usr/bin/python3
"""Writes the BLEU fixture kd/src/test/resources/metrics/bleu_nltk.jsonl: reference/hypothesis pairs and the
score NLTK 3.8 gives them (sentence_bleu, SmoothingFunction().method1), tokenized with the same regular
expression as dev.retort.kd.metrics.CodeTokens. Run with Debian's python3-nltk: /usr/bin/python3 bench/kd/bleu_reference.py"""
import json, random, re, sys
from nltk.translate.bleu_score import sentence_bleu, SmoothingFunction

TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|[A-Za-z_$][A-Za-z0-9_$]*|\d+(?:\.\d+)?[A-Za-z]?|\S')
tok = lambda s: TOKEN.findall(s)

fixed = [
    ("assertEquals(1, r);", "assertEquals(1, r);"),
    ("assertEquals(1, r);", ""),
    ("assertEquals(1, r);", "assertTrue(x);"),
    ("assertEquals(1, r);", "r"),
    ("assertEquals(1, r);", "assertEquals(2, r);"),
    ("assertEquals(\"a b\", s.trim());", "assertEquals(\"a b\", s);"),
    ("assertNull(x);\nassertEquals(3, list.size());", "assertEquals(3, list.size());\nassertNull(x);"),
    ("assertTrue(StringUtils.isEmpty(null));", "assertTrue(StringUtils.isEmpty(null)); assertFalse(StringUtils.isEmpty(\"\"));"),
    ("assertThat(a).isEqualTo(b);", "assertThat(b).isEqualTo(a);"),
    ("assertEquals(0.5d, x, 1e-9);", "assertEquals(0.5d, y, 1e-9);"),
]
random.seed(7)
vocab = ["assertEquals", "assertTrue", "(", ")", ";", ",", "x", "y", "null", "1", "2", ".", "size", "get", "list"]
pairs = list(fixed)
for _ in range(40):
    ref = " ".join(random.choice(vocab) for _ in range(random.randint(1, 14)))
    hyp = " ".join(random.choice(vocab) for _ in range(random.randint(0, 14)))
    pairs.append((ref, hyp))
smooth = SmoothingFunction().method1
out = sys.argv[1] if len(sys.argv) > 1 else "kd/src/test/resources/metrics/bleu_nltk.jsonl"
with open(out, "w") as f:
    for ref, hyp in pairs:
        score = sentence_bleu([tok(ref)], tok(hyp), smoothing_function=smooth) if tok(hyp) else 0.0
        f.write(json.dumps({"reference": ref, "hypothesis": hyp, "nltk_bleu": score}) + "\n")
print(f"{len(pairs)} pairs -> {out}")

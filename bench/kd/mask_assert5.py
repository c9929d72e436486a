#!/usr/bin/python3
"""Makes the distillation test fixture kd/src/test/resources/distill/assert5_masked.jsonl from
data/assertions/asserT5_methods2test_results-small.jsonl (Apache-2.0, see its README): each single-line
assert*/assertThat statement of test_method is replaced by // <ASSERTION_PLACEHOLDER> and collected, in order,
into `assertions`. Records without such a statement are dropped. Deterministic."""
import json, re, sys
src = "data/assertions/asserT5_methods2test_results-small.jsonl"
out = "kd/src/test/resources/distill/assert5_masked.jsonl"
stmt = re.compile(r'^(\s*)((?:Assert\.|Assertions\.)?assert\w*\s*\(.*\);)\s*$')
n = 0
with open(src) as f, open(out, "w") as w:
    for i, line in enumerate(f):
        r = json.loads(line)
        lines, found = [], []
        for l in r["test_method"].split("\n"):
            m = stmt.match(l)
            if m:
                found.append(m.group(2).strip())
                lines.append(m.group(1) + "// <ASSERTION_PLACEHOLDER>")
            else:
                lines.append(l)
        if not found:
            continue
        w.write(json.dumps({"id": f"assert5-{i}", "focal_method": r["focal_method"],
                            "test_method_masked": "\n".join(lines), "assertions": found}) + "\n")
        n += 1
print(f"{n} records -> {out}")

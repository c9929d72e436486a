# Sentence-embedding throughput (texts/s, batch 32, 1 ONNX Runtime thread) of minilm, minilm-q and bge on real skills-qa questions and answers.
. "$(dirname "$0")/common.sh"
"${JAVA[@]}" dev.retort.bench.text.EmbedThroughputBench "$RETORT_ROOT/data/skills-qa/skills_qa.jsonl" "${EMBED_COUNT:-512}"

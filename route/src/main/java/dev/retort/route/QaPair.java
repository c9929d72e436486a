package dev.retort.route;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.JsonlReader;

import java.nio.file.Path;
import java.util.List;

/**
 * One question/answer pair; {@code clusterId} groups an answer with its rewrites (the skills-qa field),
 * and defaults to the pair id when the file has none.
 */
public record QaPair(String pairId, String clusterId, String question, String answer) {

    /** Reads {@code pair_id} (or line number), {@code cluster_id}, {@code question}, {@code answer} from JSONL. */
    public static List<QaPair> read(Path file, BadRecords badRecords) {
        List<QaPair> pairs = JsonlReader.readAll(file, badRecords, rec -> {
            String id = rec.optText("pair_id").orElse("line-" + rec.line());
            String question = rec.text("question"), answer = rec.text("answer");
            if (question.isBlank()) throw rec.error("question", "is empty");
            if (answer.isBlank()) throw rec.error("answer", "is empty");
            return new QaPair(id, rec.optText("cluster_id").orElse(id), question, answer);
        });
        if (pairs.size() < 4) throw new BadInputException(file + ": needs at least 4 question/answer pairs, found " + pairs.size());
        return pairs;
    }
}

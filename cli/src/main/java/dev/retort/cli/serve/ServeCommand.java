package dev.retort.cli.serve;

import dev.retort.cli.EngineOptions;
import dev.retort.serve.RetortServer;
import dev.retort.serve.ServeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the kd, route and score models over HTTP/JSON, each loaded once, until stopped (SIGTERM or Ctrl-C finish the requests in flight).",
                "POST /v1/assertions, /v1/route/query and /v1/score; GET /health, /metrics (Prometheus) and / (a page to try assertions).",
                "Nothing is written to disk except the --access-log."},
        footer = {"", "Examples:",
                "  retort serve --kd-model results/teacher/best --port 8080",
                "  retort serve --route-model runs/route --score-model results/fit/model.json",
                "  curl -s localhost:8080/v1/assertions -d @request.json    # see README, Serve",
                "", "Exit codes: 143 (SIGTERM) or 130 (Ctrl-C) after a graceful stop, 1 the server failed,",
                "2 bad input or usage (a bad model, a port in use)."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;

    @Option(names = "--kd-model", paramLabel = "DIR", description = "Assertion model directory (train-teacher's run or best/, a distilled student) for /v1/assertions.")
    Path kdModel;
    @Option(names = "--route-model", paramLabel = "DIR", description = "Model directory from 'retort route fit' for /v1/route/query.")
    Path routeModel;
    @Option(names = "--score-model", paramLabel = "FILE", description = "model.json from 'retort score fit' for /v1/score.")
    Path scoreModel;
    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;
    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;
    @Option(names = "--max-concurrent", defaultValue = "32", paramLabel = "N",
            description = "API requests handled at once; more are answered 503 with Retry-After at once (default: ${DEFAULT-VALUE}).")
    int maxConcurrent;
    @Option(names = "--max-body-bytes", defaultValue = "1048576", paramLabel = "N", description = "Largest request body; larger gets 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;
    @Option(names = "--request-timeout", defaultValue = "10s", paramLabel = "TIME", description = "Answer within this or 504, e.g. 500ms, 10s (default: ${DEFAULT-VALUE}).")
    String requestTimeout;
    @Option(names = "--batch-wait", defaultValue = "5ms", paramLabel = "TIME",
            description = "How long the assertion batcher waits for more requests to decode together (default: ${DEFAULT-VALUE}).")
    String batchWait;
    @Option(names = "--max-batch", defaultValue = "16", paramLabel = "N", description = "Most assertion requests decoded together; 1 turns batching off (default: ${DEFAULT-VALUE}).")
    int maxBatch;
    @Option(names = "--access-log", paramLabel = "FILE", description = "Append an NCSA access log line per request to FILE (default: none).")
    Path accessLog;

    @Override
    public Integer call() throws InterruptedException {
        engine.start();
        ServeConfig config = new ServeConfig(kdModel, routeModel, scoreModel, host, port, maxConcurrent, maxBodyBytes,
                ServeConfig.duration("--request-timeout", requestTimeout), accessLog, ServeConfig.duration("--batch-wait", batchWait), maxBatch);
        RetortServer server = RetortServer.start(config);
        server.stopOnShutdown();
        spec.commandLine().getOut().println("retort serve: listening on " + server.uri() + " (stop with Ctrl-C or SIGTERM)");
        spec.commandLine().getOut().flush();
        server.join();
        return 0;
    }
}

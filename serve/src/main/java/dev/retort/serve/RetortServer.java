package dev.retort.serve;

import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

import java.net.URI;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code retort serve}: loads the given models once and answers HTTP/JSON requests with them on Jetty 12 (see
 * {@link ApiHandler} for the endpoints and limits). {@link #close} stops gracefully: the connector stops accepting,
 * requests in flight are answered (up to the request timeout plus a second), then the models are released.
 * Nothing is written to disk except the optional access log.
 */
public final class RetortServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final AssertionService assertions;
    private final RouteService route;
    private final ExecutorService workers;
    private final Metrics metrics;
    private boolean closed;

    private RetortServer(ServeConfig config, AssertionService assertions, RouteService route, ScoreService score, Metrics metrics) {
        this.assertions = assertions;
        this.route = route;
        this.metrics = metrics;
        this.workers = Executors.newVirtualThreadPerTaskExecutor();
        this.server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        Endpoints endpoints = new Endpoints(config, assertions, route, score, workers);
        server.setHandler(new GracefulHandler(new ApiHandler(config, endpoints, metrics)));
        server.setStopTimeout(config.requestTimeout().toMillis() + 1000);
        if (config.accessLog() != null) {
            server.setRequestLog(new CustomRequestLog(new RequestLogWriter(config.accessLog().toString()), CustomRequestLog.EXTENDED_NCSA_FORMAT));
        }
    }

    /** Loads each given model once, then listens; fails with a {@link BadInputException} for a bad model or a taken port. */
    public static RetortServer start(ServeConfig config) {
        if (config.accessLog() != null && Files.isDirectory(config.accessLog())) {
            throw new BadInputException("--access-log " + config.accessLog() + " is a directory; give a file");
        }
        Metrics metrics = new Metrics();
        AssertionService assertions = config.kdModel() == null ? null : AssertionService.load(config.kdModel(), config, metrics);
        RouteService route = config.routeModel() == null ? null : RouteService.load(config.routeModel());
        ScoreService score = config.scoreModel() == null ? null : ScoreService.load(config.scoreModel());
        RetortServer s = new RetortServer(config, assertions, route, score, metrics);
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            if (e instanceof java.io.IOException) {
                throw new BadInputException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
            }
            throw new RetortException("the server did not start: " + e, e);
        }
        return s;
    }

    /** The port it listens on (the one picked when the config asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public URI uri() {
        return URI.create("http://" + hostForUri(connector.getHost()) + ":" + port() + "/");
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Blocks until the server has stopped (after {@link #close}, e.g. from the shutdown hook of {@link #stopOnShutdown}). */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops gracefully when the JVM is asked to exit (SIGTERM, SIGINT). */
    public void stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "retort-serve-shutdown"));
    }

    /** Graceful stop; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            if (!server.isStopped()) server.stop();
        } catch (Exception e) {
            throw new RetortException("the server did not stop cleanly: " + e, e);
        } finally {
            if (assertions != null) assertions.close();
            workers.shutdown();
            if (route != null) route.close();
        }
    }

    private static String hostForUri(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}

package io.dragnet.api;

import io.dragnet.auth.Authenticator;
import io.dragnet.index.MessageIndex;
import io.dragnet.job.JobService;
import io.dragnet.json.InputProblem;
import io.dragnet.json.InvalidInputException;
import io.dragnet.json.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

/** The HTTP API under {@code /client/v4}: routing, the error envelope, and nothing else. */
public final class ApiServer implements AutoCloseable {
    public static final String BASE_PATH = "/client/v4";
    static final String INVESTIGATE = BASE_PATH + "/accounts/{account_id}/email-security/investigate";
    private static final String REQUEST_ID = "dragnet.request-id";
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final EnumSet<HandlerType> METHODS =
            EnumSet.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private final ApiConfig config;
    private final Javalin app;

    public ApiServer(ApiConfig config, JobService jobs, MessageIndex index, Authenticator authenticator, Clock clock) {
        this.config = config;
        this.app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.router.ignoreTrailingSlashes = true;
            javalin.jsonMapper(new JavalinJackson(Json.mapper(), false));
            javalin.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
        });
        app.before(ctx -> {
            String id = UUID.randomUUID().toString();
            ctx.attribute(REQUEST_ID, id);
            ctx.header("X-Request-Id", id);
        });
        registerErrors();

        AccessGuard guard = new AccessGuard(authenticator, new RateLimiter(config.rateLimit()));
        BulkJobRoutes bulk = new BulkJobRoutes(jobs, guard);
        InvestigateRoutes investigate = new InvestigateRoutes(index, guard, clock);
        route(INVESTIGATE + "/bulk", Map.of(HandlerType.GET, bulk::list, HandlerType.POST, bulk::create));
        route(INVESTIGATE + "/bulk/{job_id}", Map.of(HandlerType.GET, bulk::get, HandlerType.DELETE, bulk::delete));
        route(INVESTIGATE + "/bulk/{job_id}/cancel", Map.of(HandlerType.POST, bulk::cancel));
        route(INVESTIGATE + "/bulk/{job_id}/messages", Map.of(HandlerType.GET, bulk::messages));
        // after the bulk routes: Javalin tries routes in the order they were added, so "bulk" is never taken for an id
        route(INVESTIGATE, Map.of(HandlerType.GET, investigate::search));
        route(INVESTIGATE + "/{investigate_id}", Map.of(HandlerType.GET, investigate::get));
    }

    /** Registers the handlers of one path, and a 405 for every other method on it. */
    private void route(String path, Map<HandlerType, Handler> handlers) {
        for (HandlerType method : METHODS) {
            Handler handler = handlers.getOrDefault(method, ctx -> {
                throw Problems.methodNotAllowed(ctx.method().name());
            });
            app.addHttpHandler(method, path, handler);
        }
    }

    private void registerErrors() {
        app.exception(ApiException.class, (e, ctx) -> respond(ctx, e));
        app.exception(InvalidInputException.class, (e, ctx) -> respond(ctx, Problems.invalidInput(e)));
        app.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, fromJavalin(e)));
        app.exception(BadMessageException.class, (e, ctx) -> respond(ctx, Problems.invalidInput(new InvalidInputException(
                InputProblem.MALFORMED_REQUEST, "", "The request could not be read: " + e.getReason()))));
        app.exception(Exception.class, (e, ctx) -> {
            String requestId = ctx.attribute(REQUEST_ID);
            log.error("Request {} {} {} failed", requestId, ctx.method(), ctx.path(), e);
            respond(ctx, Problems.internal(requestId));
        });
    }

    /** Javalin's own refusals: no matching route, an oversized body. */
    private static ApiException fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> Problems.noRoute();
            case 405 -> Problems.methodNotAllowed("this method");
            case 413 -> Problems.invalidInput(new InvalidInputException(InputProblem.BODY_TOO_LARGE, "",
                    "The request body is larger than the server accepts."));
            default -> Problems.invalidInput(new InvalidInputException(InputProblem.MALFORMED_REQUEST, "",
                    "The request could not be processed (HTTP " + e.getStatus() + ")."));
        };
    }

    private static void respond(Context ctx, ApiException e) {
        ctx.status(e.status());
        e.headers().forEach(ctx::header);
        ctx.json(Envelope.failure(e.error()));
    }

    public ApiServer start() {
        app.start(config.host(), config.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    /** What a client sets as its base URL. */
    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port() + BASE_PATH;
    }

    @Override
    public void close() {
        app.stop();
    }
}

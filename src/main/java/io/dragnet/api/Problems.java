package io.dragnet.api;

import io.dragnet.job.BulkJob;
import io.dragnet.job.JobStatus;
import io.dragnet.json.InvalidInputException;

import java.util.Map;
import java.util.stream.Collectors;

/** The contract's error table, one factory per row, so every code and status is written down once. */
final class Problems {
    static final int INTERNAL = 1000;
    static final int JOB_NOT_FOUND = 1104;
    static final int JOB_CONFLICT = 1105;
    static final int MESSAGE_NOT_FOUND = 1106;
    static final int MALFORMED_HEADERS = 6003;
    static final int NO_ROUTE = 7003;
    static final int MISSING_CREDENTIALS = 9106;
    static final int INVALID_TOKEN = 9109;
    static final int NOT_PERMITTED = 10000;
    static final int METHOD_NOT_ALLOWED = 10405;
    static final int RATE_LIMITED = 10429;

    private Problems() {
    }

    static ApiException missingCredentials() {
        return new ApiException(401, new ApiMessage(MISSING_CREDENTIALS, "Missing X-Auth-Key, X-Auth-Email or Authorization headers"));
    }

    static ApiException malformedHeaders(String reason) {
        return new ApiException(400, new ApiMessage(MALFORMED_HEADERS, "Invalid request headers: " + reason));
    }

    static ApiException invalidToken() {
        return new ApiException(403, new ApiMessage(INVALID_TOKEN, "Invalid access token"));
    }

    static ApiException notPermitted() {
        return new ApiException(403, new ApiMessage(NOT_PERMITTED, "Authentication error"));
    }

    static ApiException noRoute() {
        return new ApiException(404, new ApiMessage(NO_ROUTE, "No route for the URI"));
    }

    static ApiException methodNotAllowed(String method) {
        return new ApiException(405, new ApiMessage(METHOD_NOT_ALLOWED, "Method not allowed: " + method
                + " is not supported on this URI"));
    }

    static ApiException badIdentifier(String path, String parameter) {
        return new ApiException(400, new ApiMessage(NO_ROUTE, "Could not route to " + (path.length() > 300 ? path.substring(0, 297) + "..." : path)
                + ", perhaps your object identifier is invalid?", new ApiMessage.Source("/path/" + parameter)));
    }

    static ApiException invalidInput(InvalidInputException e) {
        int status = switch (e.problem()) {
            case BODY_TOO_LARGE -> 413;
            default -> 400;
        };
        return new ApiException(status, new ApiMessage(e.problem().code(), e.getMessage(), new ApiMessage.Source(e.pointer())));
    }

    static ApiException jobNotFound() {
        return new ApiException(404, new ApiMessage(JOB_NOT_FOUND, "Bulk action job not found"));
    }

    static ApiException messageNotFound() {
        return new ApiException(404, new ApiMessage(MESSAGE_NOT_FOUND, "Message not found"));
    }

    static ApiException cannotDelete(BulkJob job) {
        return new ApiException(409, new ApiMessage(JOB_CONFLICT, "Bulk action job " + job.id() + " is " + job.status()
                + "; only a job that is " + names(JobStatus.TERMINAL) + " can be deleted. Cancel it first."));
    }

    static ApiException cannotCancel(BulkJob job) {
        return new ApiException(409, new ApiMessage(JOB_CONFLICT, "Bulk action job " + job.id() + " is already "
                + job.status() + "; only a job that is " + names(JobStatus.ACTIVE) + " can be cancelled."));
    }

    static ApiException rateLimited(long retryAfterSeconds) {
        return new ApiException(429, new ApiMessage(RATE_LIMITED, "Rate limit exceeded; retry after "
                + retryAfterSeconds + " seconds"), Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    static ApiException internal(String requestId) {
        return new ApiException(500, new ApiMessage(INTERNAL, "Internal server error; the server log has the details"
                + " under request id " + requestId + "."));
    }

    private static String names(java.util.Set<JobStatus> statuses) {
        return statuses.stream().sorted().map(JobStatus::name).collect(Collectors.joining(", ", "", ""));
    }
}

package io.dragnet.api;

import io.dragnet.auth.Account;
import io.dragnet.auth.AuthOutcome;
import io.dragnet.auth.Authenticator;
import io.dragnet.auth.Permission;
import io.dragnet.auth.Principal;
import io.javalin.http.Context;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Admits a request to an account's resources, in the order a client can act on: credentials
 * first (401/400/403), then the rate limit (429), then the shape of the path ids (400), then
 * access to the account (403).
 */
final class AccessGuard {
    static final String ACCOUNT_ID = "account_id";
    static final String JOB_ID = "job_id";
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;

    AccessGuard(Authenticator authenticator, RateLimiter rateLimiter) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
    }

    /** The caller and the account of the path, once the caller may act there with {@code needed}. */
    record Scope(Principal principal, String accountId) {
    }

    Scope admit(Context ctx, Permission needed) {
        Principal principal = authenticate(ctx);
        rateLimiter.acquire(principal.credentialId()).ifPresent(seconds -> {
            throw Problems.rateLimited(seconds);
        });
        String accountId = pathParam(ctx, ACCOUNT_ID);
        if (!Account.ID.matcher(accountId).matches()) {
            throw Problems.badIdentifier(ctx.path(), ACCOUNT_ID);
        }
        if (!principal.may(needed, accountId)) {
            throw Problems.notPermitted();
        }
        return new Scope(principal, accountId);
    }

    UUID jobId(Context ctx) {
        return UUID.fromString(pathId(ctx, JOB_ID, UUID_TEXT));
    }

    /** A path id of the given shape, else the contract's "could not route" 400. */
    String pathId(Context ctx, String name, Pattern shape) {
        String text = pathParam(ctx, name);
        if (!shape.matcher(text).matches()) {
            throw Problems.badIdentifier(ctx.path(), name);
        }
        return text;
    }

    private Principal authenticate(Context ctx) {
        AuthOutcome outcome = authenticator.authenticate(ctx::header);
        if (outcome instanceof AuthOutcome.Authenticated authenticated) {
            return authenticated.principal();
        } else if (outcome instanceof AuthOutcome.Missing) {
            throw Problems.missingCredentials();
        } else if (outcome instanceof AuthOutcome.Malformed malformed) {
            throw Problems.malformedHeaders(malformed.reason());
        } else if (outcome instanceof AuthOutcome.Rejected) {
            throw Problems.invalidToken();
        }
        throw new IllegalStateException("unhandled authentication outcome " + outcome);
    }

    /** Javalin decodes path parameters; a malformed %-escape is a bad identifier, not a server error. */
    private static String pathParam(Context ctx, String name) {
        try {
            return ctx.pathParam(name);
        } catch (IllegalArgumentException e) {
            throw Problems.badIdentifier(ctx.path(), name);
        }
    }
}

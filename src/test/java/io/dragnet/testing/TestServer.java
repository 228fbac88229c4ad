package io.dragnet.testing;

import io.dragnet.Dragnet;
import io.dragnet.api.ApiConfig;
import io.dragnet.api.RateLimiter;
import io.dragnet.auth.Permission;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Dragnet on a free loopback port, with two accounts and the credentials the contract's
 * auth rows need. Time is a {@link MutableClock} starting at the real now.
 */
public final class TestServer implements AutoCloseable {
    public static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
    public static final String OTHER_ACCOUNT = "fedcba9876543210fedcba9876543210";
    public static final String USER_EMAIL = "analyst@example.com";

    public final MutableClock clock = new MutableClock(Instant.now());
    public final Dragnet dragnet;
    public final ApiClient api;
    public final String writeToken;
    public final String readToken;
    public final String otherAccountToken;
    public final String revokedToken;
    public final String userKey;

    private TestServer(TestDatabase database, RateLimiter.Limit limit) {
        dragnet = Dragnet.start(database.config(), new ApiConfig("127.0.0.1", 0, limit, ApiConfig.DEFAULT_MAX_BODY_BYTES), clock);
        api = new ApiClient(dragnet.baseUrl());
        Instant now = clock.instant();
        dragnet.accounts().create(ACCOUNT, "Example Corp", now);
        dragnet.accounts().create(OTHER_ACCOUNT, "Other Corp", now);
        var tokens = dragnet.tokens();
        writeToken = tokens.create("soc-automation", Permission.WRITE, List.of(ACCOUNT), null, now).secret();
        readToken = tokens.create("dashboard", Permission.READ, List.of(ACCOUNT), null, now).secret();
        otherAccountToken = tokens.create("other", Permission.WRITE, List.of(OTHER_ACCOUNT), null, now).secret();
        var revoked = tokens.create("revoked", Permission.WRITE, List.of(ACCOUNT), null, now);
        tokens.revoke(revoked.token().id(), now);
        revokedToken = revoked.secret();
        userKey = dragnet.users().create(USER_EMAIL, List.of(ACCOUNT), now).globalKey();
    }

    public static TestServer start(TestDatabase database) {
        return new TestServer(database, new RateLimiter.Limit(1_000_000, Duration.ofMinutes(1)));
    }

    public static TestServer start(TestDatabase database, RateLimiter.Limit limit) {
        return new TestServer(database, limit);
    }

    public Credentials writer() {
        return Credentials.bearer(writeToken);
    }

    public Credentials reader() {
        return Credentials.bearer(readToken);
    }

    public static String bulk(String account) {
        return "/accounts/" + account + "/email-security/investigate/bulk";
    }

    public static String bulk() {
        return bulk(ACCOUNT);
    }

    @Override
    public void close() {
        dragnet.close();
    }
}

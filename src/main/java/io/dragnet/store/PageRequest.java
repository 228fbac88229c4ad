package io.dragnet.store;

/** A 1-based page of a list, as the contract's {@code page} and {@code per_page} ask for it. */
public record PageRequest(int page, int perPage) {
    public static final int MAX_PER_PAGE = 1000;
    public static final int DEFAULT_PER_PAGE = 20;

    public PageRequest {
        if (page < 1) {
            throw new IllegalArgumentException("page must be at least 1, not " + page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new IllegalArgumentException("perPage must be between 1 and " + MAX_PER_PAGE + ", not " + perPage);
        }
    }

    /** A long: page × per_page can pass Integer.MAX_VALUE when a client asks for a far page. */
    public long offset() {
        return (long) (page - 1) * perPage;
    }
}

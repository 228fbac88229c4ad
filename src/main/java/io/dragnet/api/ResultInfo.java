package io.dragnet.api;

/**
 * Pagination facts of a list. {@code total_count} and {@code page} are deprecated in the contract and
 * always 0; the SDKs page by asking for the next page number until one comes back empty.
 */
public record ResultInfo(int count, int perPage, int totalCount, int page, String next, String previous) {
    public static ResultInfo of(int count, int perPage) {
        return new ResultInfo(count, perPage, 0, 0, null, null);
    }
}

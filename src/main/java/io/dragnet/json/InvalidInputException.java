package io.dragnet.json;

/**
 * Bad client input, located by a JSON Pointer: into the body ({@code /search_params/start}) or,
 * for query and path parameters, {@code /query/per_page} and {@code /path/job_id}.
 *
 * <p>The message is shown to the client as is, so it names the field and says what is allowed,
 * and it never quotes server internals.
 */
public final class InvalidInputException extends RuntimeException {
    private final InputProblem problem;
    private final String pointer;

    public InvalidInputException(InputProblem problem, String pointer, String message) {
        super(message, null, false, false);
        this.problem = problem;
        this.pointer = pointer;
    }

    public InputProblem problem() {
        return problem;
    }

    public String pointer() {
        return pointer;
    }

    /** The same problem located under {@code prefix}, for values validated before their position was known. */
    public InvalidInputException under(String prefix) {
        return new InvalidInputException(problem, prefix + pointer, getMessage());
    }
}

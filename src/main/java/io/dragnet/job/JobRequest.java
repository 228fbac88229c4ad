package io.dragnet.job;

import io.dragnet.json.InputProblem;
import io.dragnet.json.InvalidInputException;
import io.dragnet.json.JsonFields;
import io.dragnet.json.WireEnum;
import io.dragnet.search.DispositionLabel;
import io.dragnet.search.SearchParams;
import io.dragnet.search.SearchParamsParser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A validated request to create a job.
 *
 * @param deprecations sentences for the response's {@code messages}: fields that are accepted but do nothing
 */
public record JobRequest(ActionParams action, SearchParams search, String comment, List<String> deprecations) {
    private static final Set<String> FIELDS = Set.of("action", "search_params", "destination", "comment", "expected_disposition");
    private static final int MAX_COMMENT = 4000;

    public JobRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(search, "search");
        deprecations = List.copyOf(deprecations);
    }

    public static JobRequest parse(String body, Instant now) {
        JsonFields fields = JsonFields.parseBody(body, FIELDS);
        ActionType type = fields.requiredEnum("action", ActionType.class);
        JsonFields searchFields = fields.requiredObject("search_params", SearchParamsParser.FIELDS);
        var destination = fields.enumValue("destination", Destination.class);
        var expected = fields.enumValue("expected_disposition", DispositionLabel.class);
        String comment = fields.string("comment", MAX_COMMENT).orElse(null);
        SearchParams search = SearchParamsParser.parse(searchFields, now);

        ActionParams action = switch (type) {
            case MOVE -> new ActionParams.Move(
                    destination.orElseThrow(() -> new InvalidInputException(InputProblem.MISSING_FIELD, "/destination",
                            "Field /destination is required when action is MOVE; allowed values are "
                                    + WireEnum.allowed(Destination.class) + ".")),
                    expected.orElse(null));
            case RELEASE -> {
                refuseForRelease(fields, "destination", "a release always returns the message to the inbox");
                refuseForRelease(fields, "expected_disposition", "it applies to MOVE only");
                yield new ActionParams.Release();
            }
        };

        List<String> deprecations = new ArrayList<>();
        if (searchFields.isPresent("action_log")) {
            deprecations.add("search_params.action_log is deprecated and has no effect; read a message's action log"
                    + " from GET /investigate/{investigate_id}/action_log instead.");
        }
        if (expected.isPresent()) {
            deprecations.add("expected_disposition is deprecated and has no effect; it is stored and echoed only.");
        }
        return new JobRequest(action, search, comment, deprecations);
    }

    private static void refuseForRelease(JsonFields fields, String name, String why) {
        if (fields.isPresent(name)) {
            throw new InvalidInputException(InputProblem.INVALID_COMBINATION, fields.pointer(name),
                    "Field " + fields.pointer(name) + " is not allowed when action is RELEASE: " + why + ".");
        }
    }
}

package io.dragnet.api;

import io.dragnet.auth.Permission;
import io.dragnet.index.InvestigateMessage;
import io.dragnet.index.MessageIndex;
import io.dragnet.index.SearchCursor;
import io.dragnet.json.InputProblem;
import io.dragnet.json.InvalidInputException;
import io.dragnet.search.SearchParams;
import io.dragnet.search.SearchParamsParser;
import io.dragnet.store.PageRequest;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/** The Investigate search over the message index, and one message by id. */
final class InvestigateRoutes {
    static final String INVESTIGATE_ID = "investigate_id";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9:._-]{1,100}");

    private final MessageIndex index;
    private final AccessGuard guard;
    private final Clock clock;

    InvestigateRoutes(MessageIndex index, AccessGuard guard, Clock clock) {
        this.index = index;
        this.guard = guard;
        this.clock = clock;
    }

    void search(Context ctx) {
        AccessGuard.Scope scope = guard.admit(ctx, Permission.READ);
        QueryParams query = new QueryParams(ctx);
        PageRequest page = query.page();
        SearchParams params = SearchParamsParser.parse(query, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        SearchCursor after = query.text("cursor").map(text -> SearchCursor.decode(text).orElseThrow(() ->
                new InvalidInputException(InputProblem.WRONG_TYPE, "/query/cursor",
                        "Query parameter cursor is not a cursor this server issued; pass result_info.next unchanged.")))
                .orElse(null);
        MessageIndex.Page result = index.search(scope.accountId(), params, after, page.offset(), page.perPage());
        List<InvestigateMessage> messages = result.messages();
        ResultInfo info = new ResultInfo(messages.size(), page.perPage(), 0, 0,
                result.next() == null ? null : result.next().encode(), null);
        ctx.status(200).json(new Envelope(true, List.of(), List.of(), messages, info));
    }

    void get(Context ctx) {
        AccessGuard.Scope scope = guard.admit(ctx, Permission.READ);
        String id = guard.pathId(ctx, INVESTIGATE_ID, ID);
        new QueryParams(ctx).bool("submission");
        InvestigateMessage message = index.find(scope.accountId(), id).orElseThrow(Problems::messageNotFound);
        ctx.status(200).json(Envelope.ok(message, List.of()));
    }
}

package io.dragnet.api;

import io.dragnet.auth.Permission;
import io.dragnet.job.ActionType;
import io.dragnet.job.BulkJob;
import io.dragnet.job.JobChange;
import io.dragnet.job.JobFilter;
import io.dragnet.job.JobMessage;
import io.dragnet.job.JobRequest;
import io.dragnet.job.JobService;
import io.dragnet.job.JobStatus;
import io.dragnet.job.MessageStatus;
import io.dragnet.store.PageRequest;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The six bulk-job endpoints of the contract. */
final class BulkJobRoutes {
    /** Numbering of the notices in a success envelope's {@code messages}. */
    private static final int DEPRECATION_NOTICE = 1900;

    private final JobService jobs;
    private final AccessGuard guard;

    BulkJobRoutes(JobService jobs, AccessGuard guard) {
        this.jobs = jobs;
        this.guard = guard;
    }

    void list(Context ctx) {
        AccessGuard.Scope scope = guard.admit(ctx, Permission.READ);
        QueryParams query = new QueryParams(ctx);
        PageRequest page = query.page();
        JobFilter filter = new JobFilter(query.enumValue("action_type", ActionType.class).orElse(null),
                query.enumValue("status", JobStatus.class).orElse(null));
        List<JobViews.Job> result = jobs.list(scope.accountId(), filter, page).stream().map(JobViews::of).toList();
        ctx.status(200).json(Envelope.list(result, page.perPage()));
    }

    void create(Context ctx) {
        AccessGuard.Scope scope = guard.admit(ctx, Permission.WRITE);
        JobRequest request = JobRequest.parse(ctx.body(), jobs.now());
        BulkJob job = jobs.create(scope.accountId(), request, scope.principal().name());
        List<ApiMessage> notices = request.deprecations().stream().map(text -> new ApiMessage(DEPRECATION_NOTICE, text)).toList();
        ctx.status(201).json(Envelope.ok(JobViews.of(job), notices));
    }

    void get(Context ctx) {
        AccessGuard.Scope scope = guard.admit(ctx, Permission.READ);
        UUID id = guard.jobId(ctx);
        BulkJob job = jobs.get(scope.accountId(), id).orElseThrow(Problems::jobNotFound);
        ctx.status(200).json(Envelope.ok(JobViews.of(job), List.of()));
    }

    void delete(Context ctx) {
        AccessGuard.Scope scope = guard.admit(ctx, Permission.WRITE);
        UUID id = guard.jobId(ctx);
        JobChange change = jobs.delete(scope.accountId(), id);
        if (change instanceof JobChange.NotAllowed notAllowed) {
            throw Problems.cannotDelete(notAllowed.job());
        }
        requireFound(change);
        ctx.status(200).json(Envelope.ok(Map.of("id", id), List.of()));
    }

    void cancel(Context ctx) {
        AccessGuard.Scope scope = guard.admit(ctx, Permission.WRITE);
        UUID id = guard.jobId(ctx);
        JobChange change = jobs.cancel(scope.accountId(), id);
        if (change instanceof JobChange.NotAllowed notAllowed) {
            throw Problems.cannotCancel(notAllowed.job());
        }
        ctx.status(200).json(Envelope.ok(JobViews.of(requireFound(change)), List.of()));
    }

    void messages(Context ctx) {
        AccessGuard.Scope scope = guard.admit(ctx, Permission.READ);
        UUID id = guard.jobId(ctx);
        QueryParams query = new QueryParams(ctx);
        PageRequest page = query.page();
        MessageStatus status = query.enumValue("status", MessageStatus.class).orElse(null);
        BulkJob job = jobs.get(scope.accountId(), id).orElseThrow(Problems::jobNotFound);
        List<JobMessage> rows = jobs.messages(job, status, page);
        ctx.status(200).json(Envelope.list(rows.stream().map(row -> JobViews.of(job, row)).toList(), page.perPage()));
    }

    private static BulkJob requireFound(JobChange change) {
        if (change instanceof JobChange.Done done) {
            return done.job();
        }
        throw Problems.jobNotFound();
    }
}

package io.dragnet.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dragnet.search.DispositionLabel;

import java.util.Objects;

/** What a job does to each copy it finds. Serialized with its {@code type} discriminator, as the contract shows it. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ActionParams.Move.class, name = "MOVE"),
        @JsonSubTypes.Type(value = ActionParams.Release.class, name = "RELEASE")})
public sealed interface ActionParams {

    ActionType actionType();

    /** @param expectedDisposition accepted and echoed; it has no effect, as in Cloudflare's current schema */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Move(Destination destination, DispositionLabel expectedDisposition) implements ActionParams {
        public Move {
            Objects.requireNonNull(destination, "destination");
        }

        @Override
        public ActionType actionType() {
            return ActionType.MOVE;
        }
    }

    /** Takes a copy out of quarantine into the recipient's inbox. */
    record Release() implements ActionParams {
        @Override
        public ActionType actionType() {
            return ActionType.RELEASE;
        }
    }
}

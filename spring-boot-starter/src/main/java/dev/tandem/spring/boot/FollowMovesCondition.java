package dev.tandem.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the application's DataSource follows moves ({@link MoveFollowing}): {@code tandem.follow-moves} when
 * set, else whether {@code tandem.move-target.url} is. An application with no move in sight keeps its plain
 * HikariDataSource bean.
 */
class FollowMovesCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        Boolean follow = binder.bind("tandem.follow-moves", Boolean.class).orElse(null);
        if (follow != null) {
            return new ConditionOutcome(follow, "tandem.follow-moves=" + follow);
        }
        String target = binder.bind("tandem.move-target.url", String.class).orElse("");
        return target.isBlank() ? ConditionOutcome.noMatch("no tandem.move-target.url")
                : ConditionOutcome.match("tandem.move-target.url is set");
    }
}

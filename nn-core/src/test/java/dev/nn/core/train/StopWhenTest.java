package dev.nn.core.train;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StopWhenTest {
    @Test
    void requestsAStopAfterTheFirstStepThatSeesTheConditionTrue() {
        AtomicBoolean requested = new AtomicBoolean();
        Callback stop = Callback.stopWhen(requested::get);
        TrainingContext before = mock(TrainingContext.class);
        stop.onStepEnd(before, 1, 0);
        verify(before, never()).requestStop(org.mockito.ArgumentMatchers.anyString());

        requested.set(true);
        TrainingContext after = mock(TrainingContext.class);
        stop.onStepEnd(after, 1, 1);
        verify(after).requestStop("stop requested");
    }
}

package dev.kubeatlas.history.service.backup;

import dev.kubeatlas.history.model.Backup;
import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupSchedulesTest {

    static Backup backup(String name, String state) {
        Backup b = new Backup();
        b.policy = name;
        b.state = state;
        return b;
    }

    @Test
    void completedBackupsBeyondTheNewestRetainedGoAndOnlyTheNewestFailedOneStays() {
        Backup c1 = backup("c1", Backup.COMPLETED);
        Backup f1 = backup("f1", Backup.FAILED);
        Backup c2 = backup("c2", Backup.COMPLETED);
        Backup r1 = backup("r1", Backup.RUNNING);
        Backup f2 = backup("f2", Backup.FAILED);
        Backup c3 = backup("c3", Backup.COMPLETED);
        List<Backup> newestFirst = List.of(c1, f1, c2, r1, f2, c3);

        assertThat(BackupSchedules.beyondRetention(newestFirst, 2)).containsExactly(c3, f2);
        assertThat(BackupSchedules.beyondRetention(newestFirst, 1)).containsExactly(c2, c3, f2);
        assertThat(BackupSchedules.beyondRetention(newestFirst, 5)).containsExactly(f2);
        assertThat(BackupSchedules.beyondRetention(List.of(r1), 1)).isEmpty();
    }

    @Test
    void onlyFiveFieldUnixCronExpressionsAreTaken() {
        BackupSchedules.validate("0 2 * * *");
        BackupSchedules.validate("*/15 * * * 1-5");
        for (String bad : List.of("every night", "0 0 2 * * ?", "61 * * * *")) {
            assertThatThrownBy(() -> BackupSchedules.validate(bad)).isInstanceOfSatisfying(ProblemException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.slug()).isEqualTo("invalid-cron");
            });
        }
    }
}

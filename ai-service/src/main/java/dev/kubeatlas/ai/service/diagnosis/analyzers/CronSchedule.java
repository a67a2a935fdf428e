package dev.kubeatlas.ai.service.diagnosis.analyzers;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Decides whether a CronJob schedule is valid standard cron (five fields, names, ranges, steps, macros, TZ prefix); returns the first problem. */
final class CronSchedule {

    private static final Set<String> MACROS = Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final List<String> FIELDS = List.of("minute", "hour", "day of month", "month", "day of week");
    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    private CronSchedule() {
    }

    /** Null when valid, else what is wrong ("minute value 60 is outside 0-59"). */
    static String problem(String schedule) {
        if (schedule == null || schedule.isBlank()) {
            return "the schedule is empty";
        }
        String s = schedule.strip();
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int space = s.indexOf(' ');
            if (space < 0) {
                return "the schedule has a time zone but no fields";
            }
            s = s.substring(space + 1).strip();
        }
        if (s.startsWith("@")) {
            return MACROS.contains(s.toLowerCase(Locale.ROOT)) || s.startsWith("@every ") ? null : "unknown macro " + s;
        }
        String[] fields = s.split("\\s+");
        if (fields.length != 5) {
            return "it has " + fields.length + " fields, standard cron needs 5 (minute hour day-of-month month day-of-week)";
        }
        for (int i = 0; i < 5; i++) {
            for (String part : fields[i].split(",", -1)) {
                String p = part;
                if (p.contains("/")) {
                    String step = p.substring(p.indexOf('/') + 1);
                    if (!step.matches("\\d+") || Integer.parseInt(step) == 0) {
                        return FIELDS.get(i) + " step '" + step + "' is not a positive number";
                    }
                    p = p.substring(0, p.indexOf('/'));
                }
                if (p.equals("*") || p.equals("?") && (i == 2 || i == 4)) {
                    continue;
                }
                for (String v : p.split("-", -1)) {
                    Integer n = value(v, i);
                    if (n == null) {
                        return FIELDS.get(i) + " value '" + v + "' is not a number" + (i >= 3 ? " or name" : "");
                    }
                    if (n < RANGES[i][0] || n > RANGES[i][1]) {
                        return FIELDS.get(i) + " value " + n + " is outside " + RANGES[i][0] + "-" + RANGES[i][1];
                    }
                }
            }
        }
        return null;
    }

    private static Integer value(String v, int field) {
        if (v.matches("\\d+")) {
            return Integer.parseInt(v);
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (field == 3 && MONTHS.contains(lower)) {
            return MONTHS.indexOf(lower) + 1;
        }
        if (field == 4 && DAYS.contains(lower)) {
            return DAYS.indexOf(lower);
        }
        return null;
    }
}

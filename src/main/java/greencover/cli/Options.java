package greencover.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsed {@code --name value} and {@code --flag} options, plus positional arguments; unknown options are errors. */
final class Options {
    static final class UsageException extends RuntimeException {
        UsageException(String m) { super(m); }
    }

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final boolean help;

    Options(String[] args, Set<String> valued, Set<String> flags, String usage) {
        boolean h = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                h = true;
            } else if (a.startsWith("--")) {
                String name = a.substring(2), value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name)) {
                    values.put(name, "true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length) throw new UsageException("--" + name + " needs a value\n\n" + usage);
                        value = args[++i];
                    }
                    values.put(name, value);
                } else {
                    throw new UsageException("unknown option --" + name + "\n\n" + usage);
                }
            } else {
                positional.add(a);
            }
        }
        this.help = h;
    }

    boolean help() { return help; }

    String get(String name, String dflt) { return values.getOrDefault(name, dflt); }

    String get(String name) { return values.get(name); }

    boolean flag(String name) { return values.containsKey(name); }

    List<String> positional() { return positional; }

    int intValue(String name, int dflt) {
        String v = values.get(name);
        if (v == null) return dflt;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number but was '" + v + "'");
        }
    }
}

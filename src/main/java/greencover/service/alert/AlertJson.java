package greencover.service.alert;

import greencover.domain.Alert;

/** The JSON text of an alert in webhook bodies, written by hand (the service layer has no JSON library). */
final class AlertJson {
    private AlertJson() {}

    static String alert(Alert a) {
        return "{\"id\":" + string(a.id()) + ",\"site\":" + string(a.siteId()) + ",\"rule\":" + string(a.rule())
                + ",\"state\":" + string(a.isOpen() ? "open" : "cleared")
                + ",\"observedOn\":" + (a.observedOn() == null ? "null" : string(a.observedOn().toString()))
                + ",\"openedAt\":" + string(a.openedAt().toString())
                + ",\"clearedAt\":" + (a.clearedAt() == null ? "null" : string(a.clearedAt().toString()))
                + ",\"detail\":" + string(a.detail())
                + ",\"value\":" + (Double.isFinite(a.value()) ? String.valueOf(a.value()) : "null") + "}";
    }

    static String string(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}

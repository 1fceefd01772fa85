package dev.chord.api.plugin;

/** A plugin was asked for by name and cannot be given: it does not exist, or it cannot run here. */
public class PluginException extends RuntimeException {
    public PluginException(String message) {
        super(message);
    }
}

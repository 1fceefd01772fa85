package dev.chord.kernels.vector;

import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives each row-dot class one copy per vector width, so that inside each copy the species are
 * {@code static final} constants.
 *
 * <p>Why: C2 turns Vector API calls into SIMD instructions only when it can see the species as a
 * constant. A species read from an instance field is not one, and the calls fall back to Java code that
 * allocates a vector object per operation (measured: a q4_K row dot 250x slower than with a static final
 * species). One class per width written by hand would triple the kernel code; instead the class file of a
 * template is defined again as a hidden class per width, with the {@link VectorConfig} as its class data.
 * The template reads it in its static initializer with {@link #config}, so every copy has its own
 * constants and its own compiled code, and several widths coexist in one JVM (the tests run 128, 256
 * and the preferred width side by side).
 *
 * <p>A template must be a final class in this package with a public no-argument constructor, no lambdas
 * and no nested classes (those would link to the template, not the copy), and must never be initialized
 * directly; it is used through an interface it implements. Copies are cached per template and width.
 * Helpers that take vectors or species as arguments belong inside the template: a shared static helper
 * would be compiled once for all widths, where its species are not constants. Hot loops call no helper
 * that returns a vector: not inlined, it allocates the vector; inlined, its Vector API calls can end up too
 * deep for C2, which then runs them as allocating Java code (measured on the tile loops: four times
 * slower, 500 MB allocated per call).
 */
final class WidthSpecializer {

    private record Key(Class<?> template, int bits) {
    }

    private static final Map<Key, Object> COPIES = new ConcurrentHashMap<>();

    private WidthSpecializer() {
    }

    /** An instance of {@code template}'s copy for {@code v}'s width. */
    static <T> T instance(Class<?> template, VectorConfig v, Class<T> type) {
        Key key = new Key(template, v.bits());
        Object copy = COPIES.get(key);
        if (copy == null) {
            // not computeIfAbsent: a copy's static initializer may specialize the templates it uses
            Object made = define(template, v);
            copy = COPIES.putIfAbsent(key, made);
            if (copy == null) {
                copy = made;
            }
        }
        return type.cast(copy);
    }

    /** The configuration of the copy that {@code lookup} (the caller's {@code MethodHandles.lookup()}) belongs to. */
    static VectorConfig config(MethodHandles.Lookup lookup) {
        VectorConfig v;
        try {
            v = MethodHandles.classData(lookup, ConstantDescs.DEFAULT_NAME, VectorConfig.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(lookup.lookupClass() + " must pass its own MethodHandles.lookup()", e);
        }
        if (v == null) {
            throw new IllegalStateException(lookup.lookupClass().getName()
                    + " is a width template: create it with WidthSpecializer.instance, not directly");
        }
        return v;
    }

    private static Object define(Class<?> template, VectorConfig v) {
        byte[] bytes;
        try (InputStream in = template.getResourceAsStream(template.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IllegalStateException("class file of " + template.getName() + " not found");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the class file of " + template.getName(), e);
        }
        try {
            MethodHandles.Lookup copy = MethodHandles.lookup().defineHiddenClassWithClassData(bytes, v, true);
            return copy.findConstructor(copy.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot specialize " + template.getName() + " for " + v.bits() + " bits", e);
        }
    }
}

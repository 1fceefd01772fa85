package dev.chord.gguf;

import dev.chord.api.ggml.GgmlType;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a GGUF v3 file in the layout llama.cpp's own writer produces (ggml/src/gguf.cpp
 * {@code gguf_write_to_buf}): header, metadata in insertion order, tensor infos, zero padding to the
 * alignment, then each tensor's data in declaration order, each padded to the alignment.
 *
 * <p>Streaming: declare metadata and tensors, then hand over each tensor's bytes in order, whole or in
 * chunks, so models larger than memory can be written. The file is written to {@code NAME.part} and moved
 * into place only when {@link #close()} finds every tensor complete; a failed write leaves no file behind.
 */
public final class GgufWriter implements AutoCloseable {

    private record Declared(String name, GgmlType type, long[] shape, long bytes, long offset) {
    }

    private final Path target;
    private final Path partial;
    private final LinkedHashMap<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<Declared> tensors = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private FileChannel channel;
    private long alignment = Gguf.DEFAULT_ALIGNMENT;
    private boolean headerWritten;
    private int nextTensor;
    private long writtenOfCurrent;
    private boolean failed;
    private boolean closed;

    private GgufWriter(Path target) throws IOException {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".part");
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    public static GgufWriter create(Path target) throws IOException {
        return new GgufWriter(target);
    }

    /** Adds (or replaces) a metadata entry; order of first insertion is kept. */
    public GgufWriter put(String key, GgufValue value) {
        requireNoHeader();
        if (key.equals(Gguf.KEY_ALIGNMENT)) {
            if (value.type() != GgufValueType.UINT32 || value.asLong() == 0 || Long.bitCount(value.asLong()) != 1) {
                throw new IllegalArgumentException(Gguf.KEY_ALIGNMENT + " must be a UINT32 power of two, got " + value);
            }
            alignment = value.asLong();
        }
        metadata.put(key, value);
        return this;
    }

    /** Adds every entry of {@code m}, in its order. */
    public GgufWriter putAll(GgufMetadata m) {
        for (Map.Entry<String, GgufValue> e : m.asMap().entrySet()) {
            put(e.getKey(), e.getValue());
        }
        return this;
    }

    /** Declares a tensor; its data must later be written in declaration order. */
    public GgufWriter addTensor(String name, GgmlType type, long... shape) {
        requireNoHeader();
        if (name.getBytes(StandardCharsets.UTF_8).length > Gguf.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name '" + name + "' is longer than ggml's " + Gguf.MAX_NAME_BYTES + " bytes");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        }
        if (shape.length < 1 || shape.length > Gguf.MAX_DIMS) {
            throw new IllegalArgumentException(name + ": rank " + shape.length + " is not 1.." + Gguf.MAX_DIMS);
        }
        long n = 1;
        for (long d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(name + ": dimension " + d + " in " + Arrays.toString(shape) + " is not positive");
            }
            n = Math.multiplyExact(n, d);
        }
        if (shape[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException(name + ": row length " + shape[0] + " is not a multiple of the "
                    + type.ggmlName() + " block size " + type.blockSize());
        }
        tensors.add(new Declared(name, type, shape.clone(), type.bytesFor(n), -1));
        return this;
    }

    private void requireNoHeader() {
        if (headerWritten) {
            throw new IllegalStateException("metadata and tensors must be declared before tensor data is written");
        }
    }

    /** Writes the header now (it is written automatically before the first tensor data). */
    public void writeHeader() throws IOException {
        if (headerWritten) {
            return;
        }
        long offset = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Declared d = tensors.get(i);
            tensors.set(i, new Declared(d.name, d.type, d.shape, d.bytes, offset));
            offset += Gguf.alignUp(d.bytes, alignment);
        }
        Encoder e = new Encoder();
        e.bytes(Gguf.MAGIC);
        e.u32(Gguf.WRITE_VERSION);
        e.u64(tensors.size());
        e.u64(metadata.size());
        for (Map.Entry<String, GgufValue> kv : metadata.entrySet()) {
            e.string(kv.getKey());
            e.u32(kv.getValue().type().id());
            e.value(kv.getValue());
        }
        for (Declared d : tensors) {
            e.string(d.name);
            e.u32(d.shape.length);
            for (long x : d.shape) {
                e.u64(x);
            }
            e.u32(d.type.id());
            e.u64(d.offset);
        }
        long end = e.size();
        if (!tensors.isEmpty()) {
            // llama.cpp pads the header to the alignment only when a data section follows.
            e.zeros((int) (Gguf.alignUp(end, alignment) - end));
        }
        writeFully(e.toBuffer());
        headerWritten = true;
    }

    /** Writes the whole data of the next tensor, which must be {@code name}. */
    public void writeTensor(String name, MemorySegment data) throws IOException {
        TensorSink s = beginTensor(name);
        s.write(data);
        s.close();
    }

    /** Starts the data of the next tensor, which must be {@code name}; write it in chunks, then close the sink. */
    public TensorSink beginTensor(String name) throws IOException {
        writeHeader();
        if (nextTensor >= tensors.size()) {
            throw new IllegalStateException("all " + tensors.size() + " declared tensors are written; '" + name + "' was not declared");
        }
        Declared d = tensors.get(nextTensor);
        if (!d.name.equals(name)) {
            throw new IllegalStateException("tensor data must follow declaration order: expected '" + d.name + "', got '" + name + "'");
        }
        writtenOfCurrent = 0;
        return new TensorSink(d);
    }

    /** Receives one tensor's bytes in order. */
    public final class TensorSink implements AutoCloseable {
        private final Declared d;
        private boolean done;

        private TensorSink(Declared d) {
            this.d = d;
        }

        public long expectedBytes() {
            return d.bytes;
        }

        public void write(MemorySegment chunk) throws IOException {
            if (writtenOfCurrent + chunk.byteSize() > d.bytes) {
                throw new IllegalArgumentException("tensor '" + d.name + "': " + (writtenOfCurrent + chunk.byteSize())
                        + " bytes written, its " + d.type.ggmlName() + " " + Arrays.toString(d.shape) + " data is " + d.bytes);
            }
            long step = 1 << 26;
            for (long off = 0; off < chunk.byteSize(); off += step) {
                writeFully(chunk.asSlice(off, Math.min(step, chunk.byteSize() - off)).asByteBuffer());
            }
            writtenOfCurrent += chunk.byteSize();
        }

        /**
         * Appends {@code n} zero bytes without writing them: the channel position moves on and the file
         * system leaves a hole (a sparse file where supported). Useful for huge test files.
         */
        public void writeZeros(long n) throws IOException {
            if (n < 0 || writtenOfCurrent + n > d.bytes) {
                throw new IllegalArgumentException("tensor '" + d.name + "': cannot add " + n + " zero bytes to "
                        + writtenOfCurrent + " of " + d.bytes);
            }
            channel.position(channel.position() + n);
            writtenOfCurrent += n;
        }

        public void write(byte[] bytes) throws IOException {
            write(MemorySegment.ofArray(bytes));
        }

        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            if (writtenOfCurrent != d.bytes) {
                failed = true;
                throw new IllegalStateException("tensor '" + d.name + "': " + writtenOfCurrent + " of " + d.bytes + " bytes written");
            }
            long pad = Gguf.alignUp(d.bytes, alignment) - d.bytes;
            if (pad > 0) {
                writeFully(ByteBuffer.allocate((int) pad));
            }
            done = true;
            nextTensor++;
        }
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** Marks the write as failed: {@link #close()} then deletes the partial file. */
    public void abort() {
        failed = true;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!failed) {
                writeHeader();
            }
            if (!failed && channel.size() < channel.position()) {
                channel.write(ByteBuffer.allocate(1), channel.position() - 1); // materialise a trailing hole
            }
            channel.close();
            if (failed || nextTensor != tensors.size()) {
                Files.deleteIfExists(partial);
                if (!failed) {
                    throw new IllegalStateException(target + ": only " + nextTensor + " of " + tensors.size()
                            + " tensors were written; no file was produced");
                }
                return;
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    /** Copies a whole GGUF file: same metadata, tensors and bytes, in llama.cpp's layout. */
    public static void copy(GgufFile src, Path out) throws IOException {
        try (GgufWriter w = create(out)) {
            w.putAll(src.metadata());
            for (GgufTensorInfo t : src.tensors()) {
                w.addTensor(t.name(), t.type(), t.shape());
            }
            for (GgufTensorInfo t : src.tensors()) {
                w.writeTensor(t.name(), src.tensorData(t));
            }
        }
    }

    /** Little-endian encoder for the header. */
    private static final class Encoder {
        private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        private void ensure(long n) {
            if (buf.remaining() < n) {
                long cap = Math.max((long) buf.capacity() * 2, buf.position() + n);
                if (cap > Integer.MAX_VALUE - 16) {
                    throw new IllegalArgumentException("GGUF header larger than 2 GiB");
                }
                ByteBuffer nb = ByteBuffer.allocate((int) cap).order(ByteOrder.LITTLE_ENDIAN);
                buf.flip();
                nb.put(buf);
                buf = nb;
            }
        }

        long size() {
            return buf.position();
        }

        void bytes(byte[] b) {
            ensure(b.length);
            buf.put(b);
        }

        void zeros(int n) {
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf.put((byte) 0);
            }
        }

        void u32(int v) {
            ensure(4);
            buf.putInt(v);
        }

        void u64(long v) {
            ensure(8);
            buf.putLong(v);
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes(b);
        }

        void value(GgufValue v) {
            Object o = v.value();
            switch (v.type()) {
                case UINT8, INT8 -> {
                    ensure(1);
                    buf.put((Byte) o);
                }
                case UINT16, INT16 -> {
                    ensure(2);
                    buf.putShort((Short) o);
                }
                case UINT32, INT32 -> u32((Integer) o);
                case UINT64, INT64 -> u64((Long) o);
                case FLOAT32 -> {
                    ensure(4);
                    buf.putFloat((Float) o);
                }
                case FLOAT64 -> {
                    ensure(8);
                    buf.putDouble((Double) o);
                }
                case BOOL -> {
                    ensure(1);
                    buf.put((byte) ((Boolean) o ? 1 : 0));
                }
                case STRING -> string((String) o);
                case ARRAY -> array((GgufArray) o);
            }
        }

        void array(GgufArray a) {
            u32(a.elementType().id());
            u64(a.length());
            Object vs = a.values();
            switch (a.elementType()) {
                case UINT8, INT8 -> bytes((byte[]) vs);
                case UINT16, INT16 -> {
                    short[] s = (short[]) vs;
                    ensure(2L * s.length);
                    buf.asShortBuffer().put(s);
                    buf.position(buf.position() + 2 * s.length);
                }
                case UINT32, INT32 -> {
                    int[] s = (int[]) vs;
                    ensure(4L * s.length);
                    buf.asIntBuffer().put(s);
                    buf.position(buf.position() + 4 * s.length);
                }
                case UINT64, INT64 -> {
                    long[] s = (long[]) vs;
                    ensure(8L * s.length);
                    buf.asLongBuffer().put(s);
                    buf.position(buf.position() + 8 * s.length);
                }
                case FLOAT32 -> {
                    float[] s = (float[]) vs;
                    ensure(4L * s.length);
                    buf.asFloatBuffer().put(s);
                    buf.position(buf.position() + 4 * s.length);
                }
                case FLOAT64 -> {
                    double[] s = (double[]) vs;
                    ensure(8L * s.length);
                    buf.asDoubleBuffer().put(s);
                    buf.position(buf.position() + 8 * s.length);
                }
                case BOOL -> {
                    boolean[] s = (boolean[]) vs;
                    ensure(s.length);
                    for (boolean x : s) {
                        buf.put((byte) (x ? 1 : 0));
                    }
                }
                case STRING -> {
                    for (String s : (String[]) vs) {
                        string(s);
                    }
                }
                case ARRAY -> {
                    for (GgufArray s : (GgufArray[]) vs) {
                        array(s);
                    }
                }
            }
        }

        ByteBuffer toBuffer() {
            ByteBuffer b = buf.duplicate();
            b.flip();
            return b;
        }
    }
}

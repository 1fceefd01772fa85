package dev.chord.kernels.scalar.matmul;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the driver chunks rows among threads ({@link RowDotMatmul#grain}); the products are checked in kernels-vector. */
class RowDotMatmulGrainTest {

    @Test
    void aLargeMatrixVectorProductGoesOutInRowBlocks() {
        // a 1B llama's q6_K output matrix: 128256 rows of 2048 values, 1680 bytes each; a row block is 256 KB
        assertEquals(262144 / 1680, RowDotMatmul.grain(128256, 1680, 2, 1));
    }

    @Test
    void aSmallOneKeepsAnEighthOfAThreadsShare() {
        assertEquals(2048 / 16, RowDotMatmul.grain(2048, 1152, 2, 1));
        assertEquals(512 / 32, RowDotMatmul.grain(512, 1152, 4, 1));
    }

    @Test
    void batchesKeepTheDefaultChunks() {
        assertEquals(128256 / 16, RowDotMatmul.grain(128256, 1680, 2, 64));
    }

    @Test
    void rowsLongerThanABlockTakeOneRowAtATime() {
        assertEquals(1, RowDotMatmul.grain(4096, 300_000, 2, 1));
        assertEquals(1, RowDotMatmul.grain(3, 1152, 2, 1));
    }
}

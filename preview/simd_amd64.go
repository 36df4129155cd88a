package preview

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

var haveSIMD = cpu.X86.HasAVX2

// hpass2Group is how many 8-pixel blocks one step of the vector hpass2
// does (32 output bytes).
const hpass2Group = 4

// hpass2Blocks runs the vector hpass2 over groups*32 output pixels from
// block tables base and tab (see hblocks).
func hpass2Blocks(dst, src []uint8, base []int32, tab []uint8, groups int) {
	nb := groups * hpass2Group
	if len(dst) < nb*hblockPx || len(base) < nb || len(tab) < nb*hblockBytes {
		panic("preview: hpass2Blocks tables too short")
	}
	if int(base[nb-1])+16 > len(src) || base[0] < 0 {
		panic("preview: hpass2Blocks load outside the source row")
	}
	hpass2AVX2(unsafe.SliceData(dst), unsafe.SliceData(src), unsafe.SliceData(base), unsafe.SliceData(tab), groups)
}

//go:noescape
func hpass2AVX2(dst, src *uint8, base *int32, tab *uint8, groups int)

// lerp8Vec blends the first n&^31 bytes of out, a, b (see lerp8) and
// returns how many it did.
func lerp8Vec(out, a, b []uint8, al uint32) int {
	n := len(out) &^ 31
	if n == 0 || len(a) < n || len(b) < n {
		return 0
	}
	lerp8AVX2(unsafe.SliceData(out), unsafe.SliceData(a), unsafe.SliceData(b), n/32, uint16(256-al), uint16(al))
	return n
}

//go:noescape
func lerp8AVX2(out, a, b *uint8, chunks int, k0, k1 uint16)

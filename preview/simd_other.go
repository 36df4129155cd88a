//go:build !amd64

package preview

const haveSIMD = false

const hpass2Group = 4

// hpass2Blocks is never called here: without vector loops hblocks stays
// empty and hpass2Fast runs the Go loop.
func hpass2Blocks(dst, src []uint8, base []int32, tab []uint8, groups int) {
	panic("preview: no vector hpass2 on this architecture")
}

func lerp8Vec(out, a, b []uint8, al uint32) int { return 0 }

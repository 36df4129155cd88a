//go:build !amd64

package preview

const haveSIMD = false

const hpass2Group = 4

// hpass2Blocks is never reached without vector support (hblocks stays
// empty); it is the portable loop for completeness.
func hpass2Blocks(dst, src []uint8, base []int32, tab []uint8, groups int) {
	for b := range groups * hpass2Group {
		for j := range hblockPx {
			s := int(base[b]) + int(tab[b*hblockBytes+4*j])
			t := tab[b*hblockBytes+32+4*j:]
			w0 := uint32(t[0]) | uint32(t[1])<<8
			w1 := uint32(t[2]) | uint32(t[3])<<8
			dst[b*hblockPx+j] = uint8((uint32(src[s])*w0 + uint32(src[s+1])*w1 + 1<<(wBits-1)) >> wBits)
		}
	}
}

func lerp8Vec(out, a, b []uint8, al uint32) int { return 0 }

package preview

import (
	"image"
	"math"
	"strings"

	"golang.org/x/image/math/fixed"

	"github.com/slidereel/slidereel/project"
)

// Captions are rasterised once per text, style and frame size into alpha
// masks (the glyphs and a dilated outline), then composited into the
// planes each frame.

type capKey struct {
	text  string
	style project.CaptionStyle
	w, h  int
}

// capMask holds the masks of a caption over a box of the frame.
type capMask struct {
	x0, y0, w, h int    // box in luma pixels (x0, y0 even)
	text, line   []byte // luma-resolution alpha: glyphs, outline
	ctext, cline []byte // chroma-resolution alpha (2x2 averages)
	cw, ch       int
	fg, ol       ycc
}

// caption returns the caption masks of text at W x H (nil: nothing to
// draw), cached per text, style and size.
func (r *Renderer) caption(text string, W, H int) *capMask {
	k := capKey{text, r.p.Caption, W, H}
	m, ok := r.caps[k]
	if !ok {
		if len(r.caps) > 64 {
			clear(r.caps)
		}
		m = rasterCaption(text, r.p.Caption, W, H)
		r.caps[k] = m
	}
	return m
}

// rasterCaption renders the caption masks for a W x H frame; nil if there
// is nothing to draw.
func rasterCaption(text string, st project.CaptionStyle, W, H int) *capMask {
	stack, err := captionFonts()
	if err != nil || strings.TrimSpace(text) == "" {
		return nil
	}
	size := st.Size
	if !(size > 0) || size > 0.5 {
		size = project.DefaultCaptionSize
	}
	// Whole pixels: the shaper scales advances to the ceiling of the size.
	px := max(4, math.Round(size*float64(H)))
	margin := int(math.Round(0.05 * float64(H)))
	lay := layoutCaption(&faceSet{st: stack}, text, px, fixed.I(W*9/10))
	if len(lay.lines) == 0 {
		return nil
	}
	rad := max(1, int(math.Round(px/14)))
	boxH := lay.lineH*len(lay.lines) + 2*rad + 2
	boxW := W
	var y0 int
	switch st.Position {
	case project.CaptionTop:
		y0 = margin
	case project.CaptionCenter:
		y0 = (H - boxH) / 2
	default:
		y0 = H - margin - boxH
	}
	y0 = max(0, y0) &^ 1
	boxH = min(boxH, H-y0)
	if boxH <= 0 {
		return nil
	}
	mask := image.NewAlpha(image.Rect(0, 0, boxW, boxH))
	lay.draw(mask, px, rad+1)
	m := &capMask{x0: 0, y0: y0, w: boxW, h: boxH, text: mask.Pix}
	m.line = dilate(mask.Pix, boxW, boxH, rad)
	m.cw, m.ch = (boxW+1)/2, (boxH+1)/2
	m.ctext = half(m.text, boxW, boxH)
	m.cline = half(m.line, boxW, boxH)
	fg := parseHex(st.Color, [3]uint8{255, 255, 255})
	ol := parseHex(st.Outline, [3]uint8{0, 0, 0})
	m.fg = rgbColor(fg[0], fg[1], fg[2])
	m.ol = rgbColor(ol[0], ol[1], ol[2])
	return m
}

// dilate returns the grey-level dilation of a by a disk of radius r.
func dilate(a []byte, w, h, r int) []byte {
	out := make([]byte, len(a))
	type off struct{ dx, dy int }
	var disk []off
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			if dx*dx+dy*dy <= r*r+r {
				disk = append(disk, off{dx, dy})
			}
		}
	}
	for y := range h {
		for x := range w {
			v := a[y*w+x]
			if v == 0 {
				continue
			}
			for _, o := range disk {
				xx, yy := x+o.dx, y+o.dy
				if xx < 0 || yy < 0 || xx >= w || yy >= h {
					continue
				}
				if i := yy*w + xx; out[i] < v {
					out[i] = v
				}
			}
		}
	}
	return out
}

// half averages 2x2 blocks.
func half(a []byte, w, h int) []byte {
	cw, ch := (w+1)/2, (h+1)/2
	out := make([]byte, cw*ch)
	for cy := range ch {
		for cx := range cw {
			var s, n int
			for dy := 0; dy < 2 && 2*cy+dy < h; dy++ {
				for dx := 0; dx < 2 && 2*cx+dx < w; dx++ {
					s += int(a[(2*cy+dy)*w+2*cx+dx])
					n++
				}
			}
			out[cy*cw+cx] = byte((s + n/2) / n)
		}
	}
	return out
}

// compositeRow draws the outline, then the glyphs, into row y of plane pi
// (0 luma, 1 Cb, 2 Cr).
func (m *capMask) compositeRow(pi, y int, row []uint8) {
	x0, y0, w, h := m.x0, m.y0, m.w, m.h
	line, text := m.line, m.text
	ov, tv := m.ol.y, m.fg.y
	if pi > 0 {
		x0, y0, w, h = m.x0/2, m.y0/2, m.cw, m.ch
		line, text = m.cline, m.ctext
		ov, tv = m.ol.cb, m.fg.cb
		if pi == 2 {
			ov, tv = m.ol.cr, m.fg.cr
		}
	}
	my := y - y0
	if my < 0 || my >= h {
		return
	}
	lr, tr := line[my*w:(my+1)*w], text[my*w:(my+1)*w]
	for x := 0; x < w && x0+x < len(row); x++ {
		a := int32(lr[x])
		if a == 0 {
			continue
		}
		v := int32(row[x0+x])
		v += ((int32(ov)-v)*a + 127) / 255
		if t := int32(tr[x]); t != 0 {
			v += ((int32(tv)-v)*t + 127) / 255
		}
		row[x0+x] = uint8(v)
	}
}

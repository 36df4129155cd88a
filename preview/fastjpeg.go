package preview

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// A large JPEG is decoded and shrunk to its prepared size by ffmpeg when it
// is installed: its SIMD decoder and area scaler cost less CPU than
// image/jpeg plus our resize (BenchmarkPrepareSource, 12 MP: ~230 vs ~320
// ms), which matters because the export prepares a photo every few seconds
// of video.
// The colour stays JFIF (yuvj444p, no conversion in ffmpeg) and EXIF
// orientation is applied here, exactly as on the Go path (ffmpeg's own
// autorotation is turned off); any failure falls
// back to the Go decoder.

// fastJPEGMinPixels: smaller photos decode fast enough in Go.
const fastJPEGMinPixels = 4_000_000

// fastJPEG returns the prepared frame of the JPEG at path at the displayed
// size ow x oh via ffmpeg, or ok=false if the fast path does not apply.
func fastJPEG(ctx context.Context, path string, ow, oh int) (f *frame, ok bool) {
	bin, err := exec.LookPath("ffmpeg")
	if err != nil {
		return nil, false
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	head := make([]byte, 128<<10)
	n, _ := io.ReadFull(fh, head)
	fh.Close()
	head = head[:n]
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(head))
	if err != nil || cfg.ColorModel != color.YCbCrModel || checkSize(cfg.Width, cfg.Height) != nil ||
		cfg.Width*cfg.Height < fastJPEGMinPixels {
		return nil, false
	}
	orient := readOrientation(head)
	pw, ph := ow, oh // the stored (unrotated) size to scale to
	if orient >= 5 {
		pw, ph = oh, ow
	}
	if pw*2 > cfg.Width { // not much smaller: the Go path is as good
		return nil, false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, false
	}
	var out bytes.Buffer
	out.Grow(pw * ph * 3)
	cmd := exec.CommandContext(ctx, bin, "-nostdin", "-v", "error", "-noautorotate", "-i", abs,
		"-vf", fmt.Sprintf("scale=%d:%d:flags=area", pw, ph),
		"-frames:v", "1", "-pix_fmt", "yuvj444p", "-f", "rawvideo", "-")
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil || out.Len() != pw*ph*3 {
		return nil, false
	}
	b := out.Bytes()
	pl := func(i int) plane { return plane{pix: b[i*pw*ph : (i+1)*pw*ph], w: pw, h: ph, stride: pw} }
	d := &decoded{w: pw, h: ph, y: pl(0), cb: pl(1), cr: pl(2), jfif: true, orient: orient}
	return prepare(d, ow, oh), true
}

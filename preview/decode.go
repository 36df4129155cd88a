package preview

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // GIF sources (first frame)
	"image/jpeg"
	_ "image/png" // PNG sources
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	_ "golang.org/x/image/bmp"  // BMP sources
	_ "golang.org/x/image/tiff" // TIFF sources
	_ "golang.org/x/image/webp" // WebP sources

	"github.com/disintegration/imaging"

	"github.com/slidereel/slidereel/internal/ffmpeg"
)

// MaxPixels is the largest photo (width*height) the renderer decodes; a
// larger one is refused from its header before any pixel is decoded.
const MaxPixels = 250_000_000

// ErrTooLarge is wrapped by a SourceError for a photo over MaxPixels.
var ErrTooLarge = errors.New("image too large")

// ErrNotImage is wrapped by a SourceError for a file that no decoder reads.
var ErrNotImage = errors.New("not an image (unknown or unsupported format)")

// SourceError is a photo that cannot be used, naming the file.
type SourceError struct {
	Path string
	Err  error
}

func (e *SourceError) Error() string { return fmt.Sprintf("photo %s: %v", e.Path, e.Err) }

// Unwrap returns the cause.
func (e *SourceError) Unwrap() error { return e.Err }

func srcErr(path string, err error) error {
	var se *SourceError
	if errors.As(err, &se) {
		return err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = fmt.Errorf("file not found: %w", err)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		err = fmt.Errorf("file is truncated: %w", err)
	}
	return &SourceError{Path: path, Err: err}
}

// decoded is a source photo at full resolution as planes, before
// orientation. Its colour is either BT.709 limited range (rgb sources) or
// JFIF full-range BT.601 (JPEG YCbCr, converted after the one-time resize).
type decoded struct {
	w, h      int
	y, cb, cr plane
	jfif      bool // planes are JFIF BT.601 full range
	gray      bool // only y is set (any colour model)
	orient    int  // EXIF orientation 1..8
}

// orientedSize returns the size after EXIF orientation.
func (d *decoded) orientedSize() (int, int) {
	if d.orient >= 5 {
		return d.h, d.w
	}
	return d.w, d.h
}

// decodeFile reads and decodes path, compositing transparent pixels over
// bg. Formats Go cannot read go through ffmpeg (or ImageMagick).
func decodeFile(ctx context.Context, path string, bg [3]uint8) (*decoded, error) {
	img, _, orient, err := readImage(ctx, path)
	if err != nil {
		return nil, err
	}
	d := toDecoded(img, bg)
	d.orient = orient
	return d, nil
}

// readImage reads and decodes path and returns the image, its format and
// the EXIF orientation still to apply (1..8). JPEG is decoded by
// image/jpeg straight to YCbCr planes (the renderer's fast path); the other
// formats by disintegration/imaging with AutoOrientation, and formats Go
// cannot read are converted by ffmpeg (or ImageMagick) first. Photos over
// MaxPixels are refused from their header.
func readImage(ctx context.Context, path string) (image.Image, string, int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", 0, srcErr(path, err)
	}
	orient := 1
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if errors.Is(err, image.ErrFormat) {
		if data, err = externalImage(ctx, path); err != nil {
			return nil, "", 0, err
		}
		cfg, format, err = image.DecodeConfig(bytes.NewReader(data))
	} else {
		orient = readOrientation(data)
	}
	if err != nil {
		return nil, "", 0, srcErr(path, fmt.Errorf("reading header: %w", err))
	}
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, "", 0, srcErr(path, err)
	}
	img, err := decodePixels(ctx, path, format, data)
	if err != nil {
		return nil, "", 0, err
	}
	if err := ctx.Err(); err != nil {
		return nil, "", 0, err
	}
	return img, format, orient, nil
}

// externalImage checks the size of a photo Go cannot read before anything
// decodes it, then converts it to PNG data.
func externalImage(ctx context.Context, path string) ([]byte, error) {
	w, h, err := externalSize(ctx, path)
	if err == nil {
		err = checkSize(w, h)
	}
	if err != nil {
		return nil, srcErr(path, err)
	}
	data, err := externalDecode(ctx, path)
	if err != nil {
		return nil, srcErr(path, err)
	}
	return data, nil
}

// decodePixels decodes data (format as image.DecodeConfig named it): JPEG
// by image/jpeg, the others by disintegration/imaging with AutoOrientation
// (it reads the EXIF orientation of JPEG data only, so it leaves these as
// they are; a TIFF's own orientation tag is readOrientation's to apply). A
// truncated JPEG is decoded by ffmpeg, which keeps the part that could be
// read (the rest grey): PhotoDamage warns about it.
func decodePixels(ctx context.Context, path, format string, data []byte) (image.Image, error) {
	var (
		img image.Image
		err error
	)
	if format == "jpeg" {
		img, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		img, err = imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	}
	if err == nil {
		return img, nil
	}
	if !truncated(format, data) {
		return nil, srcErr(path, fmt.Errorf("decoding %s: %w", format, err))
	}
	if format == "jpeg" {
		if png, ferr := externalDecode(ctx, path); ferr == nil {
			if part, _, perr := image.Decode(bytes.NewReader(png)); perr == nil {
				return part, nil
			}
		}
	}
	return nil, srcErr(path, fmt.Errorf("decoding %s: file is truncated (%w)", format, err))
}

// PhotoDamage returns a warning naming the photo at path when the file is
// truncated (the picture is drawn from the part that could be read), ""
// when it is whole or not a photo Go reads (other errors are the
// decoder's to report).
func PhotoDamage(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return ""
	}
	_, format, err := image.DecodeConfig(bufio.NewReader(f))
	tail := make([]byte, min(st.Size(), 4096))
	if err != nil {
		return ""
	}
	if _, err := f.ReadAt(tail, st.Size()-int64(len(tail))); err != nil || !truncated(format, tail) {
		return ""
	}
	return fmt.Sprintf("%s is damaged: the file is cut short (%.1f KB); only the top of the picture could be read",
		filepath.Base(path), float64(st.Size())/1024)
}

// truncated reports whether data lacks its format's end marker.
func truncated(format string, data []byte) bool {
	switch format {
	case "jpeg":
		end := bytes.TrimRight(data, "\x00")
		return !bytes.HasSuffix(end, []byte{0xFF, 0xD9})
	case "png":
		return !bytes.Contains(data[max(0, len(data)-64):], []byte("IEND"))
	case "gif":
		return len(data) == 0 || data[len(data)-1] != 0x3B
	}
	return false
}

func checkSize(w, h int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("empty image (%dx%d)", w, h)
	}
	if int64(w)*int64(h) > MaxPixels {
		return fmt.Errorf("%dx%d is %.0f MP, over the %d MP limit: %w", w, h,
			float64(w)*float64(h)/1e6, MaxPixels/1_000_000, ErrTooLarge)
	}
	return nil
}

// externalDecode converts the first frame of path to PNG bytes with
// ffmpeg or, for HEIC and AVIF stills (which ffmpeg 5 does not read), with
// ImageMagick.
func externalDecode(ctx context.Context, path string) ([]byte, error) {
	abs, err := filepath.Abs(path) // never taken for an option or a coder prefix
	if err != nil {
		return nil, err
	}
	data, ffErr := runTool(ctx, "ffmpeg", "-nostdin", "-v", "error", "-i", abs,
		"-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-")
	if ffErr == nil {
		return data, nil
	}
	if im := magickBin(); im != "" && isHEIF(abs) {
		data, err := runTool(ctx, im, abs+"[0]", "-auto-orient", "-depth", "8", "png:-")
		if err == nil {
			return data, nil
		}
	}
	return nil, fmt.Errorf("%w (%v)", ErrNotImage, ffErr)
}

// isHEIF reports whether path is an ISO media file (HEIC, AVIF), the
// stills ImageMagick (libheif) reads and ffmpeg 5 does not.
func isHEIF(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [12]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return false
	}
	return string(head[4:8]) == "ftyp"
}

// magickBin returns ImageMagick's command, if installed.
func magickBin() string {
	for _, name := range []string{"magick", "convert"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// runTool runs a decoder and returns its stdout, or an error with the last
// line of its stderr.
func runTool(ctx context.Context, name string, args ...string) ([]byte, error) {
	bin, err := toolPath(name)
	if err != nil {
		return nil, fmt.Errorf("%s, needed for other formats, cannot be run: %w", name, err)
	}
	var out, stderr bytes.Buffer
	cmd := ffmpeg.Command(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil || out.Len() == 0 {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		if msg == "" && err != nil {
			msg = err.Error()
		}
		return nil, fmt.Errorf("%s: %s", name, msg)
	}
	return out.Bytes(), nil
}

// toolPath finds ffmpeg and ffprobe through internal/ffmpeg (honouring
// their overrides) and ImageMagick on PATH.
func toolPath(name string) (string, error) {
	if name == ffmpeg.FFmpegName || name == ffmpeg.FFprobeName {
		return ffmpeg.Find(name)
	}
	return exec.LookPath(name)
}

// externalSize returns a non-Go format's size via ffprobe or ImageMagick.
func externalSize(ctx context.Context, path string) (int, int, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, 0, err
	}
	parse := func(out []byte, sep string) (int, int, bool) {
		f := strings.Split(strings.TrimSpace(string(out)), sep)
		if len(f) < 2 {
			return 0, 0, false
		}
		w, err1 := strconv.Atoi(strings.TrimSpace(f[0]))
		h, err2 := strconv.Atoi(strings.TrimSpace(strings.Fields(f[1] + " ")[0]))
		return w, h, err1 == nil && err2 == nil && w > 0 && h > 0
	}
	out, ffErr := runTool(ctx, "ffprobe", "-v", "error", "-select_streams", "v:0",
		"-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", abs)
	if ffErr == nil {
		if w, h, ok := parse(out, "x"); ok {
			return w, h, nil
		}
	}
	if _, err := exec.LookPath("identify"); err == nil && isHEIF(abs) {
		if out, err := runTool(ctx, "identify", "-format", "%w %h", abs+"[0]"); err == nil {
			if w, h, ok := parse(out, " "); ok {
				return w, h, nil
			}
		}
	}
	if ffErr == nil {
		ffErr = errors.New("ffprobe: no picture")
	}
	return 0, 0, fmt.Errorf("%w (%v)", ErrNotImage, ffErr)
}

// ImageSize returns the size of the photo at path as displayed, EXIF
// orientation applied, from its header (ffprobe or ImageMagick's identify
// for formats Go cannot read).
func ImageSize(path string) (w, h int, err error) {
	return ImageSizeContext(context.Background(), path)
}

// ImageSizeContext is ImageSize under ctx: a format Go cannot read is
// probed by an external program, which ctx stops.
func ImageSizeContext(ctx context.Context, path string) (w, h int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, srcErr(path, err)
	}
	defer f.Close()
	head := make([]byte, 256<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, 0, srcErr(path, err)
	}
	head = head[:n]
	cfg, _, err := image.DecodeConfig(io.MultiReader(bytes.NewReader(head), f))
	if errors.Is(err, image.ErrFormat) {
		w, h, err := externalSize(ctx, path)
		if err != nil {
			return 0, 0, srcErr(path, err)
		}
		return w, h, nil
	}
	if err != nil {
		return 0, 0, srcErr(path, fmt.Errorf("reading header: %w", err))
	}
	if readOrientation(head) >= 5 {
		return cfg.Height, cfg.Width, nil
	}
	return cfg.Width, cfg.Height, nil
}

// toDecoded converts any image to planes, compositing alpha over bg.
func toDecoded(img image.Image, bg [3]uint8) *decoded {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	d := &decoded{w: w, h: h, orient: 1}
	switch m := img.(type) {
	case *image.YCbCr:
		cw, ch := chromaSize(m.SubsampleRatio, w, h)
		d.jfif = true
		d.y = plane{pix: m.Y[m.YOffset(b.Min.X, b.Min.Y):], w: w, h: h, stride: m.YStride}
		co := m.COffset(b.Min.X, b.Min.Y)
		d.cb = plane{pix: m.Cb[co:], w: cw, h: ch, stride: m.CStride}
		d.cr = plane{pix: m.Cr[co:], w: cw, h: ch, stride: m.CStride}
		return d
	case *image.Gray:
		d.gray = true
		d.jfif = true // full-range luma
		d.y = plane{pix: m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], w: w, h: h, stride: m.Stride}
		return d
	}
	f := newFrame(w, h)
	d.y, d.cb, d.cr = f.y, f.cb, f.cr
	fetch := rowFetcher(img, int32(bg[0]), int32(bg[1]), int32(bg[2]))
	b0y := b.Min.Y
	rgbTo420(f, w, h, func(y int, r, g, bl []int32) { fetch(b0y+y, r, g, bl) })
	return d
}

// rowFetcher returns a function filling one source row as 8-bit RGB with
// alpha composited over (br, bg, bb).
func rowFetcher(img image.Image, br, bg, bb int32) func(y int, r, g, b []int32) {
	bmin := img.Bounds().Min
	switch m := img.(type) {
	case *image.NRGBA:
		return quadFetcher(m.Pix, func(y int) int { return m.PixOffset(bmin.X, y) }, quadNRGBA, br, bg, bb)
	case *image.RGBA:
		return quadFetcher(m.Pix, func(y int) int { return m.PixOffset(bmin.X, y) }, quadRGBA, br, bg, bb)
	case *image.Paletted:
		pal := make([][3]int32, len(m.Palette))
		for i, c := range m.Palette {
			n := color.NRGBAModel.Convert(c).(color.NRGBA)
			a := int32(n.A)
			pal[i] = [3]int32{over(int32(n.R), a, br), over(int32(n.G), a, bg), over(int32(n.B), a, bb)}
		}
		return func(y int, r, g, b []int32) {
			o := m.PixOffset(bmin.X, y)
			p := m.Pix[o : o+len(r)]
			for x, ci := range p {
				if int(ci) < len(pal) {
					c := pal[ci]
					r[x], g[x], b[x] = c[0], c[1], c[2]
				} else {
					r[x], g[x], b[x] = 0, 0, 0
				}
			}
		}
	case *image.CMYK:
		return quadFetcher(m.Pix, func(y int) int { return m.PixOffset(bmin.X, y) }, quadCMYK, br, bg, bb)
	}
	return func(y int, r, g, b []int32) {
		for x := range r {
			c := color.NRGBA64Model.Convert(img.At(bmin.X+x, y)).(color.NRGBA64)
			a := int32(c.A >> 8)
			r[x] = over(int32(c.R>>8), a, br)
			g[x] = over(int32(c.G>>8), a, bg)
			b[x] = over(int32(c.B>>8), a, bb)
		}
	}
}

// quadKind is the layout of a 4-byte pixel.
type quadKind int

const (
	quadNRGBA quadKind = iota // colour not premultiplied by alpha
	quadRGBA                  // colour premultiplied by alpha
	quadCMYK                  // CMYK, no alpha
)

// quadFetcher returns the row reader of rowFetcher for an image of 4-byte
// pixels: pix with row y starting at offset(y).
func quadFetcher(pix []byte, offset func(y int) int, kind quadKind, br, bg, bb int32) func(y int, r, g, b []int32) {
	return func(y int, r, g, b []int32) {
		o := offset(y)
		p := pix[o : o+4*len(r)]
		for x := range r {
			r[x], g[x], b[x] = kind.rgb(p[4*x:4*x+4:4*x+4], br, bg, bb)
		}
	}
}

// rgb is the 8-bit RGB of pixel q composited over (br, bg, bb).
func (k quadKind) rgb(q []byte, br, bg, bb int32) (int32, int32, int32) {
	c0, c1, c2, a := int32(q[0]), int32(q[1]), int32(q[2]), int32(q[3])
	switch {
	case k == quadCMYK:
		r, g, b := color.CMYKToRGB(q[0], q[1], q[2], q[3])
		return int32(r), int32(g), int32(b)
	case a == 255:
		return c0, c1, c2
	case k == quadRGBA:
		ia := 255 - a
		return c0 + (br*ia+127)/255, c1 + (bg*ia+127)/255, c2 + (bb*ia+127)/255
	}
	return over(c0, a, br), over(c1, a, bg), over(c2, a, bb)
}

// over composites the non-premultiplied 8-bit channel c with alpha a over
// the background channel back.
func over(c, a, back int32) int32 {
	return (c*a + back*(255-a) + 127) / 255
}

func chromaSize(r image.YCbCrSubsampleRatio, w, h int) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}

// prepare resizes d to a displayed (oriented) size of ow x oh and converts
// it to a BT.709 limited-range 4:2:0 frame.
func prepare(d *decoded, ow, oh int) *frame {
	pw, ph := ow, oh
	if d.orient >= 5 {
		pw, ph = oh, ow
	}
	var f *frame
	switch {
	case d.gray:
		y := resizePlane(d.y, pw, ph)
		f = &frame{y: y}
		for i, v := range y.pix {
			y.pix[i] = uint8((int32(v)*56284 + 16<<16 + 1<<15) >> 16)
		}
		f.cb, f.cr = newPlane((pw+1)/2, (ph+1)/2), newPlane((pw+1)/2, (ph+1)/2)
		fillBytes(f.cb.pix, 128)
		fillBytes(f.cr.pix, 128)
	case d.jfif:
		f = newFrame(pw, ph)
		var y, cb, cr plane
		parallel3(
			func() { y = resizePlane(d.y, pw, ph) },
			func() { cb = resizePlane(d.cb, pw, ph) },
			func() { cr = resizePlane(d.cr, pw, ph) })
		jfifTo709(f, y, cb, cr)
	default:
		f = &frame{}
		parallel3(
			func() { f.y = resizePlane(d.y, pw, ph) },
			func() { f.cb = resizePlane(d.cb, (pw+1)/2, (ph+1)/2) },
			func() { f.cr = resizePlane(d.cr, (pw+1)/2, (ph+1)/2) })
	}
	if d.orient > 1 {
		f = &frame{y: orientPlane(f.y, d.orient), cb: orientPlane(f.cb, d.orient), cr: orientPlane(f.cr, d.orient)}
	}
	return f
}

// parallel3 runs three functions at once and waits for them.
func parallel3(a, b, c func()) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); b() }()
	go func() { defer wg.Done(); c() }()
	a()
	wg.Wait()
}

func fillBytes(b []uint8, v uint8) {
	for i := range b {
		b[i] = v
	}
}

// jfifTo709 converts full-resolution JFIF planes to f (4:2:0, BT.709).
func jfifTo709(f *frame, y, cb, cr plane) {
	rgbTo420(f, y.w, y.h, func(row int, r, g, b []int32) {
		yr, ur, vr := y.row(row), cb.row(row), cr.row(row)
		for x := range r {
			r8, g8, b8 := color.YCbCrToRGB(yr[x], ur[x], vr[x])
			r[x], g[x], b[x] = int32(r8), int32(g8), int32(b8)
		}
	})
}

// rgbTo420 fills f (w x h, BT.709 limited range, 4:2:0) from 8-bit RGB rows
// that fetch writes into r, g, b (each of length w): luma per pixel, chroma
// from the 2x2 average of the RGB it covers.
func rgbTo420(f *frame, w, h int, fetch func(y int, r, g, b []int32)) {
	var rr, gg, bb [2][]int32
	for k := range 2 {
		rr[k], gg[k], bb[k] = make([]int32, w), make([]int32, w), make([]int32, w)
	}
	for y0 := 0; y0 < h; y0 += 2 {
		nr := min(2, h-y0)
		for k := range nr {
			fetch(y0+k, rr[k], gg[k], bb[k])
			out := f.y.row(y0 + k)
			for x := range w {
				yy, _, _ := rgbToYCC(rr[k][x], gg[k][x], bb[k][x])
				out[x] = clamp8(yy)
			}
		}
		cbr, crr := f.cb.row(y0/2), f.cr.row(y0/2)
		for cx := range f.cb.w {
			var sr, sg, sb, n int32
			for k := range nr {
				for dx := 0; dx < 2 && 2*cx+dx < w; dx++ {
					x := 2*cx + dx
					sr += rr[k][x]
					sg += gg[k][x]
					sb += bb[k][x]
					n++
				}
			}
			_, u, v := rgbToYCC((sr+n/2)/n, (sg+n/2)/n, (sb+n/2)/n)
			cbr[cx], crr[cx] = clamp8(u), clamp8(v)
		}
	}
}

// orientPlane applies EXIF orientation o (2..8) to p.
func orientPlane(p plane, o int) plane {
	w, h := p.w, p.h
	ow, oh := w, h
	if o >= 5 {
		ow, oh = h, w
	}
	out := newPlane(ow, oh)
	for y := range oh {
		row := out.row(y)
		for x := range ow {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = w-1-x, y
			case 3:
				sx, sy = w-1-x, h-1-y
			case 4:
				sx, sy = x, h-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, h-1-x
			case 7:
				sx, sy = w-1-y, h-1-x
			case 8:
				sx, sy = w-1-y, x
			default:
				sx, sy = x, y
			}
			row[x] = p.pix[sy*p.stride+sx]
		}
	}
	return out
}

// readOrientation returns the EXIF orientation (1..8) of JPEG or TIFF
// data, 1 when absent or unreadable.
func readOrientation(data []byte) int {
	if len(data) >= 4 && (string(data[:4]) == "II*\x00" || string(data[:4]) == "MM\x00*") {
		return tiffOrientation(data)
	}
	for _, t := range jpegExif(data) {
		if o := tiffOrientation(t); o != 1 {
			return o
		}
	}
	return 1
}

// jpegExif returns the TIFF blocks of a JPEG's Exif APP1 segments.
func jpegExif(data []byte) [][]byte {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil
	}
	var out [][]byte
	i := 2
	for i+4 <= len(data) && data[i] == 0xFF {
		marker := data[i+1]
		if standalone(marker) {
			i += 2
			if marker == 0xFF { // fill byte: the marker starts one byte on
				i--
			}
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan: no more metadata
			return out
		}
		size := int(data[i+2])<<8 | int(data[i+3])
		if size < 2 || i+2+size > len(data) {
			return out
		}
		if seg := data[i+4 : i+2+size]; marker == 0xE1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			out = append(out, seg[6:])
		}
		i += 2 + size
	}
	return out
}

// standalone reports whether a JPEG marker has no length and payload: SOI,
// RSTn, TEM, or a fill byte.
func standalone(marker byte) bool {
	return marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 || marker == 0xFF
}

// tiffIFD is a parsed TIFF image file directory: tag -> first value, and
// the offset of the next IFD.
type tiffIFD struct {
	tags map[uint16]uint32
	next int
}

// readIFD parses the IFD at off of TIFF data t.
func readIFD(t []byte, off int) (tiffIFD, bool) {
	if len(t) < 8 {
		return tiffIFD{}, false
	}
	var u16 func([]byte) uint16
	switch string(t[:2]) {
	case "II":
		u16 = func(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
	case "MM":
		u16 = func(b []byte) uint16 { return uint16(b[1]) | uint16(b[0])<<8 }
	default:
		return tiffIFD{}, false
	}
	u32 := func(b []byte) uint32 {
		if t[0] == 'I' {
			return uint32(u16(b)) | uint32(u16(b[2:]))<<16
		}
		return uint32(u16(b[2:])) | uint32(u16(b))<<16
	}
	if off < 8 || off+2 > len(t) {
		return tiffIFD{}, false
	}
	n := int(u16(t[off:]))
	ifd := tiffIFD{tags: map[uint16]uint32{}}
	for k := range n {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return tiffIFD{}, false
		}
		typ := u16(t[e+2:])
		v := u32(t[e+8:])
		if typ == 3 { // SHORT: the value is in the first two bytes
			v = uint32(u16(t[e+8:]))
		}
		ifd.tags[u16(t[e:])] = v
	}
	if e := off + 2 + 12*n; e+4 <= len(t) {
		ifd.next = int(u32(t[e:]))
	}
	return ifd, true
}

// ifd0Offset returns the offset of a TIFF block's first IFD.
func ifd0Offset(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	if t[0] == 'I' {
		return int(uint32(t[4]) | uint32(t[5])<<8 | uint32(t[6])<<16 | uint32(t[7])<<24)
	}
	return int(uint32(t[7]) | uint32(t[6])<<8 | uint32(t[5])<<16 | uint32(t[4])<<24)
}

func tiffOrientation(t []byte) int {
	ifd, ok := readIFD(t, ifd0Offset(t))
	if v := int(ifd.tags[0x0112]); ok && v >= 1 && v <= 8 {
		return v
	}
	return 1
}

// exifThumbnail returns the JPEG thumbnail embedded in a JPEG's Exif data
// (IFD1), or nil.
func exifThumbnail(data []byte) []byte {
	for _, t := range jpegExif(data) {
		ifd0, ok := readIFD(t, ifd0Offset(t))
		if !ok || ifd0.next == 0 {
			continue
		}
		ifd1, ok := readIFD(t, ifd0.next)
		if !ok {
			continue
		}
		off, n := int(ifd1.tags[0x0201]), int(ifd1.tags[0x0202])
		if off > 0 && n > 0 && off+n <= len(t) {
			return t[off : off+n]
		}
	}
	return nil
}

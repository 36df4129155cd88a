package preview

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slidereel/slidereel/internal/testmedia"
)

// requireFFmpeg is the shared helper: skip without ffmpeg/ffprobe, fail under CI=true.
var requireFFmpeg = testmedia.NeedFFmpeg

// rgbAt converts the prepared frame's pixel (x, y) back to RGB.
func rgbAt(f *frame, x, y int) [3]int {
	img := image.NewRGBA(image.Rect(0, 0, f.y.w, f.y.h))
	toRGBA(f, img, 0, f.y.h)
	c := img.RGBAAt(x, y)
	return [3]int{int(c.R), int(c.G), int(c.B)}
}

func near(a, b [3]int, tol int) bool {
	for i := range a {
		if d := a[i] - b[i]; d > tol || d < -tol {
			return false
		}
	}
	return true
}

var (
	red      = [3]int{255, 0, 0}
	green    = [3]int{0, 255, 0}
	blue     = [3]int{0, 0, 255}
	whiteRGB = [3]int{255, 255, 255}
)

// The testdata/formats files are 64x48: red, green / blue, white quadrants
// (alpha.png: right half transparent). Made with ImageMagick and ffmpeg.
func TestFormats(t *testing.T) {
	quad := [4][3]int{red, green, blue, whiteRGB}
	bg := [3]uint8{0, 0, 255}
	for _, tc := range []struct {
		file   string
		want   [4][3]int
		tol    int
		ffmpeg bool
	}{
		{"cmyk.jpg", quad, 40, false},
		{"progressive.jpg", quad, 30, false},
		{"j422.jpg", quad, 30, false}, // 4:2:2 chroma
		{"j444.jpg", quad, 30, false}, // 4:4:4, restart markers
		{"rgb16.png", quad, 4, false},
		{"palette.png", quad, 4, false},
		{"alpha.png", [4][3]int{red, blue, blue, blue}, 4, false},
		{"gif.gif", quad, 4, false},
		{"bmp.bmp", quad, 4, false},
		{"tiff.tif", quad, 4, false},
		{"webp.webp", quad, 4, false},
		{"pcx.pcx", quad, 4, true},    // no Go decoder: through ffmpeg
		{"heic.heic", quad, 30, true}, // ffmpeg 5 cannot: ImageMagick (libheif)
		{"avif.avif", quad, 30, true},
	} {
		t.Run(tc.file, func(t *testing.T) {
			if tc.ffmpeg {
				requireFFmpeg(t)
			}
			if ext := filepath.Ext(tc.file); (ext == ".heic" || ext == ".avif") && magickBin() == "" {
				t.Skip("ImageMagick not installed")
			}
			path := filepath.Join("testdata", "formats", tc.file)
			w, h, err := ImageSize(path)
			if err != nil || w != 64 || h != 48 {
				t.Fatalf("ImageSize = %d, %d, %v; want 64x48", w, h, err)
			}
			d, err := decodeFile(context.Background(), path, bg)
			if err != nil {
				t.Fatal(err)
			}
			f := prepare(d, 64, 48)
			// The renderer's own path: libjpeg for colour JPEGs.
			rf, err := buildSource(cacheKey{w: 64, h: 48, bg: bg}, path)(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range [4][2]int{{12, 10}, {52, 10}, {12, 38}, {52, 38}} {
				if got := rgbAt(f, p[0], p[1]); !near(got, tc.want[i], tc.tol) {
					t.Errorf("quadrant %d at %v: got %v, want %v", i, p, got, tc.want[i])
				}
				if got := rgbAt(rf, p[0], p[1]); !near(got, tc.want[i], tc.tol) {
					t.Errorf("renderer path: quadrant %d at %v: got %v, want %v", i, p, got, tc.want[i])
				}
			}
		})
	}
}

func TestEXIFOrientation(t *testing.T) {
	// Stored 60x40: red left third, the rest green; top row band blue.
	img := image.NewNRGBA(image.Rect(0, 0, 60, 40))
	for y := range 40 {
		for x := range 60 {
			c := color.NRGBA{0, 255, 0, 255}
			if x < 20 {
				c = color.NRGBA{255, 0, 0, 255}
			}
			if y < 8 {
				c = color.NRGBA{0, 0, 255, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	dir := t.TempDir()
	plain := writeJPEG(t, filepath.Join(dir, "plain.jpg"), img, 95)
	data, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	// Displayed (orientation applied): where are the stored top-left red
	// pixel (x=10, y=20 is red) and the stored top band (blue)?
	for _, tc := range []struct {
		o       uint16
		w, h    int
		redAt   [2]int // a displayed pixel that is red
		blueAt  [2]int // a displayed pixel that is blue
		greenAt [2]int
	}{
		{1, 60, 40, [2]int{10, 20}, [2]int{30, 3}, [2]int{45, 30}},
		{3, 60, 40, [2]int{49, 19}, [2]int{30, 36}, [2]int{14, 9}},
		{6, 40, 60, [2]int{19, 10}, [2]int{36, 30}, [2]int{9, 45}}, // rotate 90 CW
		{8, 40, 60, [2]int{20, 49}, [2]int{3, 30}, [2]int{30, 14}}, // rotate 90 CCW
	} {
		path := filepath.Join(dir, "o.jpg")
		if err := os.WriteFile(path, withExif(data, tc.o, nil), 0o644); err != nil {
			t.Fatal(err)
		}
		w, h, err := ImageSize(path)
		if err != nil || w != tc.w || h != tc.h {
			t.Errorf("orientation %d: ImageSize = %d, %d, %v; want %dx%d", tc.o, w, h, err, tc.w, tc.h)
		}
		d, err := decodeFile(context.Background(), path, [3]uint8{})
		if err != nil {
			t.Fatal(err)
		}
		f := prepare(d, tc.w, tc.h)
		if f.y.w != tc.w || f.y.h != tc.h {
			t.Fatalf("orientation %d: prepared %dx%d, want %dx%d", tc.o, f.y.w, f.y.h, tc.w, tc.h)
		}
		for _, chk := range []struct {
			at   [2]int
			want [3]int
		}{{tc.redAt, red}, {tc.blueAt, blue}, {tc.greenAt, green}} {
			if got := rgbAt(f, chk.at[0], chk.at[1]); !near(got, chk.want, 40) {
				t.Errorf("orientation %d: pixel %v = %v, want %v", tc.o, chk.at, got, chk.want)
			}
		}
	}
}

func TestSourceErrors(t *testing.T) {
	dir := t.TempDir()
	notImage := filepath.Join(dir, "notes.txt")
	os.WriteFile(notImage, []byte("hello, this is not a picture at all"), 0o644)
	truncated := filepath.Join(dir, "cut.jpg")
	full, _ := os.ReadFile(writeJPEG(t, filepath.Join(dir, "full.jpg"), testPhoto(200, 150, 1), 90))
	os.WriteFile(truncated, full[:len(full)/2], 0o644)
	huge := filepath.Join(dir, "huge.png")
	os.WriteFile(huge, pngHeader(t, 20000, 20000), 0o644)
	for _, tc := range []struct {
		name, path, want string
		is               error
	}{
		{"missing", filepath.Join(dir, "nope.jpg"), "not found", os.ErrNotExist},
		{"not an image", notImage, "not an image", ErrNotImage},
		{"too large", huge, "400 MP", ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "not an image" {
				requireFFmpeg(t) // the fallback decoder gets the last word
			}
			_, err := decodeFile(context.Background(), tc.path, [3]uint8{})
			var se *SourceError
			if !errors.As(err, &se) || se.Path != tc.path {
				t.Fatalf("error %v is not a *SourceError for %s", err, tc.path)
			}
			msg := err.Error()
			if !strings.Contains(msg, filepath.Base(tc.path)) || !strings.Contains(msg, tc.want) {
				t.Errorf("error %q should name the file and say %q", msg, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v should wrap %v", err, tc.is)
			}
		})
	}
	// ImageSize refuses the same way where it can tell from the header.
	if _, _, err := ImageSize(filepath.Join(dir, "nope.jpg")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ImageSize of a missing file: %v", err)
	}
	// Render reports the broken slide's file.
	p := testProject(64, 36, notImage)
	r := New(p, nil, Options{})
	defer r.Close()
	err := r.Render(context.Background(), 0, newYCbCr(64, 36))
	var se *SourceError
	if !errors.As(err, &se) || se.Path != notImage {
		t.Errorf("Render error = %v, want a SourceError for %s", err, notImage)
	}
}

// A truncated JPEG is drawn from the part that could be read (the top of
// the picture) and PhotoDamage names it; a whole photo has no warning.
func TestTruncatedJPEG(t *testing.T) {
	requireFFmpeg(t)
	dir := t.TempDir()
	fullPath := writeJPEG(t, filepath.Join(dir, "full.jpg"), testPhoto(200, 150, 1), 90)
	full, _ := os.ReadFile(fullPath)
	cut := filepath.Join(dir, "cut.jpg")
	os.WriteFile(cut, full[:len(full)/2], 0o644)
	if w := PhotoDamage(fullPath); w != "" {
		t.Errorf("whole photo: %q", w)
	}
	if w := PhotoDamage(cut); !strings.HasPrefix(w, "cut.jpg is damaged: the file is cut short") {
		t.Errorf("truncated photo: %q", w)
	}
	// The whole file through the same (ffmpeg) decoder, for comparison.
	png, err := externalDecode(context.Background(), fullPath)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	whole := toDecoded(img, [3]uint8{})
	part, err := decodeFile(context.Background(), cut, [3]uint8{})
	if err != nil {
		t.Fatalf("truncated JPEG: %v, want the readable part", err)
	}
	if part.w != whole.w || part.h != whole.h {
		t.Fatalf("partial picture %dx%d, want %dx%d", part.w, part.h, whole.w, whole.h)
	}
	// The first rows match the whole picture.
	for x := 0; x < part.w; x += 7 {
		if d := int(part.y.pix[2*part.y.stride+x]) - int(whole.y.pix[2*whole.y.stride+x]); d > 12 || d < -12 {
			t.Fatalf("row 2, x %d: luma %d, whole %d", x, part.y.pix[2*part.y.stride+x], whole.y.pix[2*whole.y.stride+x])
		}
	}
}

// pngHeader is the start of a PNG claiming w x h (only the header is
// valid: the renderer must refuse it before decoding).
func pngHeader(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// IHDR data starts at 16: width, height (big endian); fix the CRC.
	binary.BigEndian.PutUint32(b[16:], uint32(w))
	binary.BigEndian.PutUint32(b[20:], uint32(h))
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

func TestThumbnail(t *testing.T) {
	path := writeJPEG(t, filepath.Join(t.TempDir(), "p.jpg"), testPhoto(400, 300, 3), 90)
	img, err := Thumbnail(context.Background(), path, 100, 100)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 100 || b.Dy() != 75 {
		t.Errorf("thumbnail is %v, want 100x75", b)
	}
	if _, err := Thumbnail(context.Background(), path+".missing", 100, 100); err == nil {
		t.Error("thumbnail of a missing file succeeded")
	}
}

// withExif returns JPEG data with an Exif APP1 holding the orientation
// and, if thumb is set, an IFD1 JPEG thumbnail.
func withExif(jpg []byte, o uint16, thumb []byte) []byte {
	var t bytes.Buffer
	be := binary.BigEndian
	t.WriteString("MM\x00*")
	binary.Write(&t, be, uint32(8))
	binary.Write(&t, be, uint16(1)) // IFD0: orientation
	binary.Write(&t, be, []uint16{0x0112, 3})
	binary.Write(&t, be, uint32(1))
	binary.Write(&t, be, []uint16{o, 0})
	next := uint32(0)
	if thumb != nil {
		next = 26
	}
	binary.Write(&t, be, next)
	if thumb != nil { // IFD1 at 26, thumbnail data at 56
		binary.Write(&t, be, uint16(2))
		binary.Write(&t, be, []uint16{0x0201, 4})
		binary.Write(&t, be, []uint32{1, 56})
		binary.Write(&t, be, []uint16{0x0202, 4})
		binary.Write(&t, be, []uint32{1, uint32(len(thumb))})
		binary.Write(&t, be, uint32(0))
		t.Write(thumb)
	}
	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

func solid(w, h int, c color.NRGBA) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return img
}

func TestThumbnailUsesExifThumbnail(t *testing.T) {
	dir := t.TempDir()
	mainJPG, _ := os.ReadFile(writeJPEG(t, filepath.Join(dir, "m.jpg"), solid(400, 300, color.NRGBA{255, 0, 0, 255}), 90))
	thumbJPG, _ := os.ReadFile(writeJPEG(t, filepath.Join(dir, "t.jpg"), solid(160, 120, color.NRGBA{0, 0, 255, 255}), 90))
	path := filepath.Join(dir, "camera.jpg")
	for _, tc := range []struct {
		o          uint16
		maxW, maxH int
		w, h       int
		want       [3]int
	}{
		{1, 100, 100, 100, 75, blue}, // the embedded thumbnail is enough
		{1, 300, 300, 300, 225, red}, // too small: the photo is decoded
		{6, 100, 100, 75, 100, blue}, // oriented like the photo
		{6, 300, 300, 225, 300, red},
	} {
		os.WriteFile(path, withExif(mainJPG, tc.o, thumbJPG), 0o644)
		img, err := Thumbnail(context.Background(), path, tc.maxW, tc.maxH)
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		r, g, bl, _ := img.At(b.Dx()/2, b.Dy()/2).RGBA()
		got := [3]int{int(r >> 8), int(g >> 8), int(bl >> 8)}
		if b.Dx() != tc.w || b.Dy() != tc.h || !near(got, tc.want, 30) {
			t.Errorf("orientation %d, fit %dx%d: %dx%d %v, want %dx%d %v", tc.o, tc.maxW, tc.maxH, b.Dx(), b.Dy(), got, tc.w, tc.h, tc.want)
		}
	}
}

// TestThumbnailNonJPEG: a PNG's thumbnail comes from imaging, fitted and
// with its transparent pixels over black.
func TestThumbnailNonJPEG(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 300, 200))
	for y := range 200 {
		for x := range 300 {
			if x < 150 {
				img.SetNRGBA(x, y, color.NRGBA{255, 0, 0, 255})
			} // right half transparent
		}
	}
	path := writePNG(t, filepath.Join(t.TempDir(), "p.png"), img)
	th, err := Thumbnail(context.Background(), path, 60, 60)
	if err != nil {
		t.Fatal(err)
	}
	if b := th.Bounds(); b.Dx() != 60 || b.Dy() != 40 {
		t.Fatalf("thumbnail is %v, want 60x40", b)
	}
	for _, c := range []struct {
		x, y int
		want [3]int
	}{{10, 20, red}, {50, 20, [3]int{0, 0, 0}}} {
		r, g, b, a := th.At(c.x, c.y).RGBA()
		if got := [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}; !near(got, c.want, 10) || a != 0xffff {
			t.Errorf("pixel %d,%d = %v (alpha %d), want %v opaque", c.x, c.y, got, a>>8, c.want)
		}
	}
}

// TestOrientImageMatchesPlanes: imaging's transforms (thumbnails) turn a
// photo the same way as orientPlane (the renderer) for all eight EXIF
// orientations.
func TestOrientImageMatchesPlanes(t *testing.T) {
	// Quadrants red, green / blue, white: every orientation moves them.
	quad := [4][3]int{red, green, blue, whiteRGB}
	img := image.NewNRGBA(image.Rect(0, 0, 24, 16))
	for y := range 16 {
		for x := range 24 {
			c := quad[(y/8)*2+x/12]
			img.SetNRGBA(x, y, color.NRGBA{uint8(c[0]), uint8(c[1]), uint8(c[2]), 255})
		}
	}
	for o := 1; o <= 8; o++ {
		d := toDecoded(img, [3]uint8{})
		d.orient = o
		w, h := d.orientedSize()
		f := prepare(d, w, h)
		got := orientImage(img, o)
		if b := got.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Fatalf("orientation %d: imaging gives %v, planes %dx%d", o, b, w, h)
		}
		for _, y := range []int{h / 4, 3 * h / 4} {
			for _, x := range []int{w / 4, 3 * w / 4} {
				r, g, b, _ := got.At(x, y).RGBA()
				if want := rgbAt(f, x, y); !near([3]int{int(r >> 8), int(g >> 8), int(b >> 8)}, want, 48) {
					t.Fatalf("orientation %d: pixel %d,%d = %v, planes say %v", o, x, y, [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}, want)
				}
			}
		}
	}
}

// TestRowFetcherMatchesGenericPath: the fast row readers of the 4-byte and
// paletted layouts give what the generic image.At path gives (within
// rounding), opaque and translucent pixels alike, over a coloured
// background.
func TestRowFetcherMatchesGenericPath(t *testing.T) {
	const w, h = 7, 3
	px := func(x, y int) color.NRGBA {
		return color.NRGBA{uint8(40*x + 3*y), uint8(255 - 30*x), uint8(17 * (x + y)), []uint8{255, 0, 128, 200}[(x+y)%4]}
	}
	nrgba := image.NewNRGBA(image.Rect(2, 1, 2+w, 1+h)) // not at the origin
	rgba := image.NewRGBA(nrgba.Rect)
	cmyk := image.NewCMYK(nrgba.Rect)
	pal := image.NewPaletted(nrgba.Rect, nil)
	for y := nrgba.Rect.Min.Y; y < nrgba.Rect.Max.Y; y++ {
		for x := nrgba.Rect.Min.X; x < nrgba.Rect.Max.X; x++ {
			c := px(x, y)
			nrgba.SetNRGBA(x, y, c)
			rgba.Set(x, y, c)
			cmyk.Set(x, y, color.NRGBA{c.R, c.G, c.B, 255})
			pal.Palette = append(pal.Palette, c)
			pal.SetColorIndex(x, y, uint8(len(pal.Palette)-1))
		}
	}
	type generic struct{ image.Image } // hides the concrete type: the image.At path
	for name, img := range map[string]image.Image{"NRGBA": nrgba, "RGBA": rgba, "CMYK": cmyk, "Paletted": pal} {
		fast := rowFetcher(img, 10, 200, 90)
		slow := rowFetcher(generic{img}, 10, 200, 90)
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			var r1, g1, b1, r2, g2, b2 [w]int32
			fast(y, r1[:], g1[:], b1[:])
			slow(y, r2[:], g2[:], b2[:])
			for x := range w {
				for _, d := range []int32{r1[x] - r2[x], g1[x] - g2[x], b1[x] - b2[x]} {
					if d < -2 || d > 2 {
						t.Fatalf("%s (%d,%d): fast %d,%d,%d, generic %d,%d,%d", name, x, y, r1[x], g1[x], b1[x], r2[x], g2[x], b2[x])
					}
				}
			}
		}
	}
}

package preview

import (
	"bytes"
	"image/color"
	"image/jpeg"
	"testing"
)

// FuzzEXIF feeds the EXIF reader arbitrary JPEG and TIFF headers: the
// orientation is always 1..8, a thumbnail always lies inside the data,
// and nothing panics.
func FuzzEXIF(f *testing.F) {
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, solid(8, 8, color.NRGBA{200, 10, 10, 255}), nil); err != nil {
		f.Fatal(err)
	}
	thumb := jpg.Bytes()[:40]
	for o := uint16(0); o <= 9; o++ {
		f.Add(withExif(jpg.Bytes(), o, nil))
	}
	f.Add(withExif(jpg.Bytes(), 6, thumb))
	f.Add([]byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00"))
	f.Add([]byte("MM\x00*\x00\x00\x00\x08\xff\xff"))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0xE1, 0x00, 0x02, 0xFF, 0xD9})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := readOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
		th := exifThumbnail(data)
		if th == nil {
			return
		}
		// The thumbnail is a window of data, not a copy.
		if len(th) == 0 || !bytes.Contains(data, th) {
			t.Fatalf("thumbnail of %d bytes is not inside the %d bytes of data", len(th), len(data))
		}
	})
}

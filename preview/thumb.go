package preview

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math"
	"os"

	"github.com/disintegration/imaging"
)

// Thumbnail returns the photo at path, oriented (EXIF applied), scaled to
// fit in maxW x maxH (never enlarged), for the UI's filmstrip.
// Transparent pixels are shown over black. A camera JPEG's embedded Exif
// thumbnail is used when it is large enough and of the photo's aspect,
// which is a hundred times faster than decoding the photo.
func Thumbnail(ctx context.Context, path string, maxW, maxH int) (image.Image, error) {
	if maxW <= 0 || maxH <= 0 {
		return nil, fmt.Errorf("preview: thumbnail size %dx%d", maxW, maxH)
	}
	d := embeddedThumbnail(path, maxW, maxH)
	if d == nil {
		// A JPEG without one: libjpeg decodes it scaled, much faster.
		if w, h, err := ImageSize(path); err == nil {
			tw, th := fitSize(w, h, maxW, maxH)
			if f, ok := fastJPEG(ctx, path, tw, th); ok {
				img := image.NewRGBA(image.Rect(0, 0, tw, th))
				toRGBA(f, img, 0, th)
				return img, nil
			}
		}
	}
	if d == nil {
		img, format, orient, err := readImage(ctx, path)
		if err != nil {
			return nil, err
		}
		if format != "jpeg" {
			return imageThumbnail(img, orient, maxW, maxH), nil
		}
		d = toDecoded(img, [3]uint8{})
		d.orient = orient
	}
	ow, oh := d.orientedSize()
	tw, th := fitSize(ow, oh, maxW, maxH)
	f := prepare(d, tw, th)
	img := image.NewRGBA(image.Rect(0, 0, tw, th))
	toRGBA(f, img, 0, th)
	return img, nil
}

// imageThumbnail scales a decoded non-JPEG photo with
// disintegration/imaging: oriented, fitted in maxW x maxH with a Lanczos
// filter (never enlarged), transparent pixels over black.
func imageThumbnail(img image.Image, orient, maxW, maxH int) image.Image {
	img = orientImage(img, orient)
	b := img.Bounds()
	tw, th := fitSize(b.Dx(), b.Dy(), maxW, maxH)
	fitted := imaging.Resize(img, tw, th, imaging.Lanczos)
	return imaging.Overlay(imaging.New(tw, th, color.Black), fitted, image.Point{}, 1)
}

// orientImage applies EXIF orientation o (1..8) to img.
func orientImage(img image.Image, o int) image.Image {
	if o >= 2 && o <= 8 {
		return orientations[o](img)
	}
	return img
}

// orientations[o] turns a stored image into its displayed form.
var orientations = [9]func(image.Image) *image.NRGBA{
	2: imaging.FlipH, 3: imaging.Rotate180, 4: imaging.FlipV, 5: imaging.Transpose,
	6: imaging.Rotate270, 7: imaging.Transverse, 8: imaging.Rotate90,
}

// embeddedThumbnail returns the decoded Exif thumbnail of a JPEG at path
// if it can stand for the photo at maxW x maxH, else nil.
func embeddedThumbnail(path string, maxW, maxH int) *decoded {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, 128<<10) // Exif lives in the first 64 KB
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	tb := exifThumbnail(head)
	if tb == nil {
		return nil
	}
	main, err := jpeg.DecodeConfig(bytes.NewReader(head))
	if err != nil {
		return nil
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(tb))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil
	}
	// Same aspect (no letterbox bars), and no enlargement needed.
	ma, ta := float64(main.Width)/float64(main.Height), float64(cfg.Width)/float64(cfg.Height)
	if math.Abs(ma/ta-1) > 0.02 {
		return nil
	}
	o := readOrientation(head)
	tw, th := cfg.Width, cfg.Height
	if o >= 5 {
		tw, th = th, tw
	}
	mw, mh := main.Width, main.Height
	if o >= 5 {
		mw, mh = mh, mw
	}
	s := math.Min(1, math.Min(float64(maxW)/float64(mw), float64(maxH)/float64(mh)))
	if float64(tw) < float64(mw)*s-0.5 || float64(th) < float64(mh)*s-0.5 {
		return nil
	}
	img, err := jpeg.Decode(bytes.NewReader(tb))
	if err != nil {
		return nil
	}
	d := toDecoded(img, [3]uint8{})
	d.orient = o
	return d
}

// fitSize scales w x h to fit in maxW x maxH, never enlarging.
func fitSize(w, h, maxW, maxH int) (int, int) {
	s := math.Min(1, math.Min(float64(maxW)/float64(w), float64(maxH)/float64(h)))
	return max(1, int(math.Round(float64(w)*s))), max(1, int(math.Round(float64(h)*s)))
}

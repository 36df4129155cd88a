package preview

import (
	"context"
	"fmt"
	"image"
	"math"
)

// Thumbnail returns the photo at path, oriented (EXIF applied), scaled to
// fit in maxW x maxH (never enlarged), for the UI's filmstrip.
// Transparent pixels are shown over black.
func Thumbnail(ctx context.Context, path string, maxW, maxH int) (image.Image, error) {
	if maxW <= 0 || maxH <= 0 {
		return nil, fmt.Errorf("preview: thumbnail size %dx%d", maxW, maxH)
	}
	d, err := decodeFile(ctx, path, [3]uint8{})
	if err != nil {
		return nil, err
	}
	ow, oh := d.orientedSize()
	s := math.Min(1, math.Min(float64(maxW)/float64(ow), float64(maxH)/float64(oh)))
	tw := max(1, int(math.Round(float64(ow)*s)))
	th := max(1, int(math.Round(float64(oh)*s)))
	f := prepare(d, tw, th)
	img := image.NewRGBA(image.Rect(0, 0, tw, th))
	toRGBA(f, img, 0, th)
	return img, nil
}

package preview

import (
	"context"
	"testing"
)

// BenchmarkDetectSubject: one photo's detection (cache off), face and no face.
func BenchmarkDetectSubject(b *testing.B) {
	face, _, _ := facePhoto(b)
	for _, c := range []struct {
		name string
		path string
	}{{"face", saveJPEG(b, face, "f.jpg")}, {"salient", saveJPEG(b, blobPhoto(), "b.jpg")}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := detectSubject(context.Background(), c.path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

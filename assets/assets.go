// Package assets holds the files bundled into the binary: the application
// icon and the demo project (six generated photos, a generated soundtrack
// and demo.project), so a first start opens a real slideshow. gen.go makes
// the media deterministically (go run gen.go).
//
// assets imports nothing from Slidereel and no third-party package.
package assets

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed icon.png
var Icon []byte

//go:embed demo
var demo embed.FS

// DemoProjectName is the demo's project file name inside the demo folder.
const DemoProjectName = "demo.project"

// Demo writes the bundled demo project into dir (created if needed) and
// returns the path of its .project file. Files already there with the same
// content are left alone; changed or missing ones are rewritten, so a demo
// the user broke is repaired on the next start.
func Demo(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("demo project: %w", err)
	}
	err := fs.WalkDir(demo, "demo", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := demo.ReadFile(path)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.Base(path))
		if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, data) {
			return nil
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		return "", fmt.Errorf("demo project in %s: %w", dir, err)
	}
	return filepath.Join(dir, DemoProjectName), nil
}

// FaceCascade is pigo's face detection cascade (see facefinder.NOTICE for
// its origin and MIT licence), used by the renderer's subject detection.
//
//go:embed facefinder
var FaceCascade []byte

package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/slidereel/slidereel/export/service"
)

const mod = "github.com/slidereel/slidereel"

// deps lists the import paths pkg depends on (transitively), with a flag
// saying whether each is in the standard library.
func deps(t *testing.T, pkg string) map[string]bool {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{.Standard}}", pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", pkg, err, out)
	}
	m := map[string]bool{}
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		path, std, _ := strings.Cut(line, " ")
		m[path] = std == "true"
	}
	return m
}

// TestDependenciesPointOneWay enforces main -> ui -> export ->
// preview/sound -> project: only ui (and main) may import Fyne, nothing
// imports upwards, the renderer and the sound engine are peers that never
// import each other, and project uses the standard library alone.
func TestDependenciesPointOneWay(t *testing.T) {
	forbidden := map[string][]string{
		"./project/...": {"fyne.io/", mod + "/preview", mod + "/export", mod + "/ui"},
		"./preview/...": {"fyne.io/", mod + "/export", mod + "/ui", mod + "/sound"},
		"./sound/...":   {"fyne.io/", mod + "/export", mod + "/ui", mod + "/preview"},
		"./export/...":  {"fyne.io/", mod + "/ui"},
	}
	for pkg, bad := range forbidden {
		for dep := range deps(t, pkg) {
			for _, b := range bad {
				if strings.HasPrefix(dep, b) {
					t.Errorf("%s depends on %s (forbidden: %s)", pkg, dep, b)
				}
			}
		}
	}
	// internal/ holds leaves every layer may use (internal/ffmpeg): they
	// import nothing of ours and nothing outside the standard library.
	for _, leaf := range []string{"project", "assets", "internal"} {
		for dep, std := range deps(t, "./"+leaf+"/...") {
			if !std && !strings.HasPrefix(dep, mod+"/"+leaf) {
				t.Errorf("%s/ must use the standard library only, but depends on %s", leaf, dep)
			}
		}
	}
}

// TestVersionMatchesFyneApp keeps the version the service reports equal to
// the one FyneApp.toml gives the packaged app.
func TestVersionMatchesFyneApp(t *testing.T) {
	data, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(data)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if string(m[1]) != service.Version {
		t.Fatalf("FyneApp.toml says %s, service.Version %s", m[1], service.Version)
	}
}

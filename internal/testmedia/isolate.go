package testmedia

import (
	"os"
	"path/filepath"
	"testing"
)

// IsolateCaches points every user cache folder (HOME, XDG_CACHE_HOME and
// SLIDEREEL_CACHE_DIR) at a new temporary folder for the rest of the test
// binary, so no test writes into the real user cache; cleanup removes the
// folder. It is for a TestMain that does more than run the tests; one that
// does not calls RunIsolated.
func IsolateCaches(prefix string) (cleanup func()) {
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		panic(err)
	}
	os.Setenv("HOME", dir)
	os.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	os.Setenv("SLIDEREEL_CACHE_DIR", filepath.Join(dir, "slidereel"))
	return func() { os.RemoveAll(dir) }
}

// RunIsolated is a whole TestMain: it runs the tests with the caches
// isolated (IsolateCaches), removes the folder and exits with the tests'
// code.
func RunIsolated(m *testing.M, prefix string) {
	cleanup := IsolateCaches(prefix)
	code := m.Run()
	cleanup() // os.Exit runs no deferred calls
	os.Exit(code)
}

// Golden returns the content of the golden file path, after writing got
// into it when update is set (the -update flag of a golden test). A
// missing file fails the test with the hint to run it with -update.
func Golden(t testing.TB, path string, got []byte, update bool) []byte {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	return want
}

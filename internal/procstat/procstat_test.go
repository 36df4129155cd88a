package procstat

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
)

// The fields after a command name holding spaces and parentheses.
func TestFieldsAfterAnOddName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stat")
	if err := os.WriteFile(path, []byte("42 (a) b (c)) S 1 42 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Fields(path)
	if want := []string{"S", "1", "42", "7"}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("Fields = %q, %v; want %q", got, err, want)
	}
	if err := os.WriteFile(path, []byte("42 no name"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Fields(path); err == nil {
		t.Errorf("no command name: Fields = %q, want an error", got)
	}
	if _, err := Fields(filepath.Join(t.TempDir(), "none")); !os.IsNotExist(err) {
		t.Errorf("missing file: err = %v", err)
	}
}

// This process is running, and its parent id is field 4.
func TestProcessSelf(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("no /proc")
	}
	f, err := Process(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if f[0] != "R" && f[0] != "S" {
		t.Errorf("own state %q", f[0])
	}
	if f[1] != strconv.Itoa(os.Getppid()) {
		t.Errorf("parent %q, want %d", f[1], os.Getppid())
	}
}

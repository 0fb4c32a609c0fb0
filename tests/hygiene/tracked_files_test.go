// Package hygiene checks the repository itself rather than the product.
package hygiene

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maxTrackedBytes is the largest file the repository may track (1 MiB):
// anything bigger is a build output or a data set that belongs elsewhere.
const maxTrackedBytes = 1 << 20

// oversized lists the files of repo's index (what is or will be committed)
// whose content exceeds limit bytes, as "path (N bytes)".
func oversized(repo string, limit int64) ([]string, error) {
	entries, err := git(repo, nil, "ls-files", "--stage", "-z")
	if err != nil {
		return nil, err
	}
	var paths []string
	var objects bytes.Buffer
	for _, entry := range strings.Split(strings.TrimSuffix(string(entries), "\x00"), "\x00") {
		if entry == "" {
			continue
		}
		// "<mode> <object> <stage>\t<path>"
		meta, path, _ := strings.Cut(entry, "\t")
		fields := strings.Fields(meta)
		if len(fields) != 3 {
			return nil, fmt.Errorf("unexpected git ls-files entry %q", entry)
		}
		if fields[0] == "160000" { // a submodule: its commit is not in this repository
			continue
		}
		paths = append(paths, path)
		objects.WriteString(fields[1] + "\n")
	}
	sizes, err := git(repo, &objects, "cat-file", "--batch-check=%(objectsize)")
	if err != nil {
		return nil, err
	}
	lines := strings.Fields(string(sizes))
	if len(lines) != len(paths) {
		return nil, fmt.Errorf("git cat-file answered %d sizes for %d files", len(lines), len(paths))
	}
	var found []string
	for i, line := range lines {
		size, err := strconv.ParseInt(line, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("size of %s: %q", paths[i], line)
		}
		if size > limit {
			found = append(found, fmt.Sprintf("%s (%d bytes)", paths[i], size))
		}
	}
	return found, nil
}

func git(dir string, stdin *bytes.Buffer, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	if stdin != nil {
		cmd.Stdin = stdin
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}

func TestNoTrackedFileOverOneMebibyte(t *testing.T) {
	found, err := oversized(filepath.Join("..", ".."), maxTrackedBytes)
	require.NoError(t, err)
	assert.Empty(t, found, "tracked files over %d bytes: build outputs are never committed; "+
		"git rm --cached them and add them to .gitignore", maxTrackedBytes)
}

// The check itself, on a scratch repository: a file one byte over the limit
// is found, whether committed or only staged; one at the limit is not.
func TestOversizedFindsFilesOverTheLimit(t *testing.T) {
	repo := t.TempDir()
	_, err := git(repo, nil, "init", "--quiet")
	require.NoError(t, err)
	write := func(name string, size int) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(repo, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(repo, name), bytes.Repeat([]byte{'x'}, size), 0o644))
	}
	write("at-limit.txt", 1000)
	write("bin/over.tgz", 1001)
	_, err = git(repo, nil, "add", ".")
	require.NoError(t, err)
	_, err = git(repo, nil, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "c")
	require.NoError(t, err)
	write("staged.bin", 4000)
	_, err = git(repo, nil, "add", "staged.bin")
	require.NoError(t, err)

	found, err := oversized(repo, 1000)
	require.NoError(t, err)
	assert.Equal(t, []string{"bin/over.tgz (1001 bytes)", "staged.bin (4000 bytes)"}, found)
}

// MSBuild inline task (RoslynCodeTaskFactory): marks one symbol-version requirement of an ELF64
// shared library as WEAK, so that the dynamic loader accepts the library on systems whose
// libstdc++ lacks that version. See build/LibTorchSharpLoadFix.targets and docs/linux-native-library.md.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class NaeMarkGlibcxxRequirementWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required] public ITaskItem[] Files { get; set; }
    [Required] public string VersionName { get; set; }

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            string path = item.ItemSpec;
            if (!File.Exists(path)) continue;
            byte[] elf = File.ReadAllBytes(path);
            string outcome = Patch(elf);
            if (outcome == "patched")
            {
                // Write a new file and move it over the old one: never modify a hard-linked NuGet cache file in place.
                string temp = path + ".naepatch.tmp";
                File.WriteAllBytes(temp, elf);
                File.Delete(path);
                File.Move(temp, path);
            }
            Log.LogMessage(MessageImportance.Low, "LibTorchSharp load fix: {0}: {1}", path, outcome);
        }
        return !Log.HasLoggedErrors;
    }

    private string Patch(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            return "not an ELF file, skipped";
        if (elf[4] != 2 || elf[5] != 1) return "not a little-endian ELF64 file, skipped";

        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < shnum; s++)
        {
            long sh = shoff + (long)s * shentsize;
            if (sh + 64 > elf.Length) return "section table out of range, skipped";
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;

            long secOffset = (long)BitConverter.ToUInt64(elf, (int)sh + 24);
            int strIndex = (int)BitConverter.ToUInt32(elf, (int)sh + 40);
            long strSh = shoff + (long)strIndex * shentsize;
            long strOffset = (long)BitConverter.ToUInt64(elf, (int)strSh + 24);
            return PatchVerneed(elf, secOffset, strOffset);
        }
        return "no version-needed section, skipped";
    }

    private string PatchVerneed(byte[] elf, long secOffset, long strOffset)
    {
        long need = secOffset;
        while (true)
        {
            int count = BitConverter.ToUInt16(elf, (int)need + 2);
            long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
            for (int a = 0; a < count; a++)
            {
                long name = strOffset + BitConverter.ToUInt32(elf, (int)aux + 8);
                if (ReadCString(elf, name) == VersionName)
                {
                    ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    if ((flags & VerFlagWeak) != 0) return "already weak";
                    flags |= VerFlagWeak;
                    elf[aux + 4] = (byte)(flags & 0xff);
                    elf[aux + 5] = (byte)(flags >> 8);
                    return "patched";
                }
                uint nextAux = BitConverter.ToUInt32(elf, (int)aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = BitConverter.ToUInt32(elf, (int)need + 12);
            if (next == 0) return "no requirement on " + VersionName + ", nothing to do";
            need += next;
        }
    }

    private static string ReadCString(byte[] data, long offset)
    {
        long end = offset;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)offset, (int)(end - offset));
    }
}

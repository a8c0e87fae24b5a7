namespace Nae.MLNet;

/// <summary>Marks an option that is another name for a shared option (left out of <see cref="EnergyDetectorOptions.ToString"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OptionAliasAttribute : Attribute
{
}

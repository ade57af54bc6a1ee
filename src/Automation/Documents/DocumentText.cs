using System.Globalization;
using System.Text;

namespace Oic.Infra.Automation.Documents;

/// <summary>Realistic, deterministic General Secretariat documents: the same seed and number give the same bytes.</summary>
internal static class DocumentText
{
    internal sealed record Generated(string Name, string Title, DateTimeOffset Created, byte[] Content);

    private static readonly string[] Kinds =
        ["Note verbale", "Council resolution", "Meeting minutes", "Letter to Member State", "Briefing note", "Draft communique"];

    private static readonly string[] Topics =
    [
        "the annual session of the Council of Foreign Ministers", "humanitarian assistance coordination",
        "the science and technology cooperation programme", "the budget of the General Secretariat",
        "cultural heritage preservation", "trade facilitation among Member States", "the youth forum",
        "election observation missions", "the water security initiative", "the digital transformation programme",
    ];

    private static readonly string[] Sentences =
    [
        "The General Secretariat presents its compliments and has the honour to refer to the matter above.",
        "The Committee took note of the report and requested a follow-up at its next session.",
        "Member States are invited to submit their observations before the stated deadline.",
        "The Secretary General reaffirmed the commitment of the Organisation to the principles of its Charter.",
        "The working group recommended that the proposal be circulated to all permanent missions.",
        "Budgetary implications will be reviewed by the Permanent Finance Committee.",
        "The delegation expressed its appreciation for the arrangements made by the host country.",
        "The draft text will be finalised in consultation with the Legal Affairs Department.",
    ];

    public static Generated Generate(int seed, int number, DocumentContainer container, DateTimeOffset now)
    {
        var random = new Random(unchecked(seed * 100_003 + number));
        var created = now - TimeSpan.FromDays(random.Next(0, 3 * 365)) - TimeSpan.FromMinutes(random.Next(0, 24 * 60));
        created = new DateTimeOffset(created.UtcDateTime.Ticks - created.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var kind = Kinds[random.Next(Kinds.Length)];
        var topic = Topics[random.Next(Topics.Length)];
        var reference = string.Create(CultureInfo.InvariantCulture,
            $"OIC-GS-{container.Classification[..4].ToUpperInvariant()}-{number:D6}");
        var title = $"{kind} on {topic}";

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Organisation of Islamic Cooperation — General Secretariat\n");
        text.Append(CultureInfo.InvariantCulture, $"Reference: {reference}\nClassification: {container.Classification}\n");
        text.Append(CultureInfo.InvariantCulture, $"Date: {created:yyyy-MM-dd}\nSubject: {title}\n\n");
        var paragraphs = random.Next(3, 12);
        for (var p = 0; p < paragraphs; p++)
        {
            var count = random.Next(2, 6);
            for (var s = 0; s < count; s++) text.Append(Sentences[random.Next(Sentences.Length)]).Append(' ');
            text.Append("\n\n");
        }
        var name = string.Create(CultureInfo.InvariantCulture, $"{created:yyyy}/{reference}.txt");
        return new Generated(name, title, created, Encoding.UTF8.GetBytes(text.ToString()));
    }
}

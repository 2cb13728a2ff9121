using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Sla;

public enum SlaProblem { NoHours, HoursOutOfRange, NoSuchBrand, NotFound }

public sealed class SlaTargetException(SlaProblem problem) : Exception(problem.ToString())
{
    public SlaProblem Problem { get; } = problem;
}

/// <summary>The administrators' rules for response targets: one in force per brand and warranty; a change ends the one in
/// force and starts another, so that tickets already opened keep theirs.</summary>
public static class SlaTargets
{
    public const double MaxHours = 10_000;

    public static Task<List<SlaTarget>> InForceAsync(SavDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        db.SlaTargets.AsNoTracking().Where(t => t.ValidUntil == null || t.ValidUntil > now).OrderBy(t => t.BrandId).ThenBy(t => t.Warranty)
            .ToListAsync(cancellationToken);

    /// <summary>Puts a target in force from <paramref name="now"/> for its brand and warranty, ending the one it replaces.</summary>
    public static async Task<SlaTarget> SaveAsync(SavDbContext db, int? brandId, Warranty? warranty, double? answerHours, double? closeHours,
        DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (answerHours is null && closeHours is null) throw new SlaTargetException(SlaProblem.NoHours);
        if (new[] { answerHours, closeHours }.Any(h => h is <= 0 or > MaxHours)) throw new SlaTargetException(SlaProblem.HoursOutOfRange);
        if (brandId is { } id && !await db.Brands.AnyAsync(b => b.Id == id, cancellationToken)) throw new SlaTargetException(SlaProblem.NoSuchBrand);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SlaTargets.Where(t => t.BrandId == brandId && t.Warranty == warranty && (t.ValidUntil == null || t.ValidUntil > now))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ValidUntil, now), cancellationToken);
        var target = db.SlaTargets.Add(new SlaTarget
        {
            BrandId = brandId, Warranty = warranty, AnswerHours = answerHours, CloseHours = closeHours, ValidFrom = now,
        }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return target;
    }

    /// <summary>Ends a target: tickets opened from now on no longer have it.</summary>
    public static async Task EndAsync(SavDbContext db, int id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var ended = await db.SlaTargets.Where(t => t.Id == id && (t.ValidUntil == null || t.ValidUntil > now))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ValidUntil, now), cancellationToken);
        if (ended == 0) throw new SlaTargetException(SlaProblem.NotFound);
    }
}

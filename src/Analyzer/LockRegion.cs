using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace StaleSnapshot.Analyzers;

/// <summary>Where in a method a lock is held, and where it is released.</summary>
internal sealed class LockRegion
{
    public LockRegion(string lockName, TextSpan held, int releasedAt)
    {
        LockName = lockName;
        Held = held;
        ReleasedAt = releasedAt;
    }

    /// <summary>The lock as written in the source, for messages.</summary>
    public string LockName { get; }

    /// <summary>The code that runs while the lock is held.</summary>
    public TextSpan Held { get; }

    /// <summary>Code starting at or after this position runs after the lock was released.</summary>
    public int ReleasedAt { get; }
}

/// <summary>The lock types of one compilation, resolved once; finds the lock regions of a method body.</summary>
internal sealed class LockTypes
{
    private readonly INamedTypeSymbol? _monitor;
    private readonly INamedTypeSymbol? _lock;
    private readonly INamedTypeSymbol? _readerWriterLock;
    private readonly INamedTypeSymbol? _semaphore;

    public LockTypes(Compilation compilation)
    {
        _monitor = compilation.GetTypeByMetadataName("System.Threading.Monitor");
        _lock = compilation.GetTypeByMetadataName("System.Threading.Lock");
        _readerWriterLock = compilation.GetTypeByMetadataName("System.Threading.ReaderWriterLockSlim");
        _semaphore = compilation.GetTypeByMetadataName("System.Threading.SemaphoreSlim");
    }

    /// <summary>
    /// Whether a call may acquire a lock, from its name alone: one of the acquiring methods below. Every region
    /// <see cref="RegionsIn"/> finds starts at such a call or at a <c>lock</c> statement.
    /// </summary>
    public static bool IsAcquiringName(string? name) => name is not null && AcquiringNames.Contains(name);

    private static readonly HashSet<string> AcquiringNames = new(System.StringComparer.Ordinal)
    {
        "Enter", "EnterScope", "EnterWriteLock", "EnterUpgradeableReadLock", "Wait", "WaitAsync",
    };

    public List<LockRegion> RegionsIn(IOperation body)
    {
        var regions = new List<LockRegion>();
        foreach (var operation in body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILockOperation lockStatement:
                    regions.Add(new LockRegion(lockStatement.LockedValue.Syntax.ToString(), lockStatement.Body.Syntax.Span, lockStatement.Syntax.Span.End));
                    break;
                case IUsingOperation { Resources: var resource } usingStatement when IsEnterScope(resource) is { } scopeLock:
                    regions.Add(new LockRegion(scopeLock, usingStatement.Body.Syntax.Span, usingStatement.Syntax.Span.End));
                    break;
                case IUsingDeclarationOperation declaration
                    when IsEnterScope(declaration.DeclarationGroup) is { } scopeLock && declaration.Parent is IBlockOperation enclosing:
                    // using var scope = gate.EnterScope(); holds the lock to the end of the enclosing block.
                    AddIfOrdered(regions, scopeLock, declaration.Syntax.Span.End, enclosing.Syntax.Span.End, enclosing.Syntax.Span.End);
                    break;
                case IBlockOperation block:
                    AddCallPairRegions(block, regions);
                    break;
            }
        }
        return regions;
    }

    /// <summary>Acquire and release calls in one block: <c>Enter(); try { … } finally { Exit(); }</c>, or in sequence.</summary>
    private void AddCallPairRegions(IBlockOperation block, List<LockRegion> regions)
    {
        var statements = block.Operations;
        for (var i = 0; i < statements.Length; i++)
        {
            if (AcquiredLock(statements[i]) is not { } acquired) continue;
            var name = acquired.Syntax.ToString();

            if (i + 1 < statements.Length && statements[i + 1] is ITryOperation { Finally: { } finallyBlock } guarded
                && finallyBlock.DescendantsAndSelf().Any(o => IsReleaseOf(o, acquired)))
            {
                regions.Add(new LockRegion(name, guarded.Body.Syntax.Span, guarded.Syntax.Span.End));
                continue;
            }
            // Enter inside the try: try { Monitor.Enter(x, ref taken); … } finally { … Monitor.Exit(x); }
            if (block.Parent is ITryOperation { Finally: { } enclosingFinally } enclosingTry && enclosingTry.Body == block
                && enclosingFinally.DescendantsAndSelf().Any(o => IsReleaseOf(o, acquired)))
            {
                var start = i + 1 < statements.Length ? statements[i + 1].Syntax.SpanStart : statements[i].Syntax.Span.End;
                AddIfOrdered(regions, name, start, block.Syntax.Span.End, enclosingTry.Syntax.Span.End);
                continue;
            }
            for (var j = i + 1; j < statements.Length; j++)
            {
                if (!statements[j].DescendantsAndSelf().Any(o => IsReleaseOf(o, acquired))) continue;
                AddIfOrdered(regions, name, statements[i].Syntax.Span.End, statements[j].Syntax.SpanStart, statements[j].Syntax.Span.End);
                break;
            }
        }
    }

    /// <summary>
    /// Adds the region when its bounds are in order: in code that does not parse, statements recovered by the
    /// parser can overlap, and a backwards span would throw.
    /// </summary>
    private static void AddIfOrdered(List<LockRegion> regions, string name, int heldFrom, int heldTo, int releasedAt)
    {
        if (heldFrom <= heldTo && heldTo <= releasedAt) regions.Add(new LockRegion(name, TextSpan.FromBounds(heldFrom, heldTo), releasedAt));
    }

    /// <summary>The lock a statement acquires (its receiver, or Monitor.Enter's argument), if any.</summary>
    private IOperation? AcquiredLock(IOperation statement)
    {
        var expression = statement is IExpressionStatementOperation { Operation: var e } ? e : null;
        if (expression is IAwaitOperation awaited) expression = awaited.Operation;
        if (expression is not IInvocationOperation call) return null;
        var method = call.TargetMethod;
        var type = method.ContainingType;
        if (Is(type, _monitor) && method.Name is "Enter" && call.Arguments.Length > 0) return call.Arguments[0].Value;
        if (call.Instance is null) return null;
        if (Is(type, _lock) && method.Name is "Enter") return call.Instance;
        if (Is(type, _readerWriterLock) && method.Name is "EnterWriteLock" or "EnterUpgradeableReadLock") return call.Instance;
        if (Is(type, _semaphore) && method.Name is "Wait" or "WaitAsync" && call.Arguments.Length == 0) return call.Instance;
        return null;
    }

    private bool IsReleaseOf(IOperation operation, IOperation acquired)
    {
        if (operation is not IInvocationOperation call) return false;
        var method = call.TargetMethod;
        var type = method.ContainingType;
        if (Is(type, _monitor) && method.Name is "Exit" && call.Arguments.Length > 0) return SameLock(call.Arguments[0].Value, acquired);
        if (call.Instance is null) return false;
        var releases = (Is(type, _lock) && method.Name is "Exit")
            || (Is(type, _readerWriterLock) && method.Name is "ExitWriteLock" or "ExitUpgradeableReadLock")
            || (Is(type, _semaphore) && method.Name is "Release" && call.Arguments.Length == 0);
        return releases && SameLock(call.Instance, acquired);
    }

    private string? IsEnterScope(IOperation resource)
    {
        var value = resource switch
        {
            IVariableDeclarationGroupOperation group => group.Declarations.SelectMany(d => d.Declarators).FirstOrDefault()?.Initializer?.Value,
            _ => resource,
        };
        while (value is IConversionOperation conversion) value = conversion.Operand;
        return value is IInvocationOperation { TargetMethod.Name: "EnterScope", Instance: { } instance } call
            && Is(call.TargetMethod.ContainingType, _lock)
            ? instance.Syntax.ToString()
            : null;
    }

    private static bool SameLock(IOperation a, IOperation b)
    {
        var symbolA = ReferencedSymbol(a);
        var symbolB = ReferencedSymbol(b);
        return symbolA is not null
            ? SymbolEqualityComparer.Default.Equals(symbolA, symbolB)
            : a.Syntax.ToString() == b.Syntax.ToString();
    }

    private static ISymbol? ReferencedSymbol(IOperation operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return operation switch
        {
            IFieldReferenceOperation field => field.Field,
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
    }

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}

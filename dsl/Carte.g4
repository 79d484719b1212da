// The Carte menu language. Line-oriented: a statement ends at a newline (or ';'), so options that
// belong to a line (`initrd "u" name "BCD"`) never swallow the next statement. Newlines inside
// ( ) and [ ] are ignored so long conditions and lists can wrap. Keywords are "soft": they may be
// used as ids and field names (`item shell "Shell" -> shell`, `r.name`), except the operators.
// The C++ code in compiler/dsl/ turns the parse tree into its own AST; docs/language.md is the
// reference.
grammar Carte;

@lexer::members {
    // Depth of ( and [ nesting; newlines inside them are not statement separators.
    int nesting = 0;
}

file: sep* (statement (sep+ statement)*)? sep* EOF;

sep: NL | SEMI;

block: LBRACE sep* (statement (sep+ statement)*)? sep* RBRACE;

statement
    : versionStmt
    | serialStmt
    | constStmt
    | importStmt
    | includeStmt
    | settingStmt
    | entryStmt
    | menuStmt
    | titleStmt
    | timeoutStmt
    | defaultStmt
    | headerStmt
    | gapStmt
    | itemStmt
    | ifStmt
    | forStmt
    | linuxStmt
    | multibootStmt
    | kernelStmt
    | initrdStmt
    | moduleStmt
    | argsStmt
    | efiStmt
    | chainStmt
    | shellStmt
    | exitStmt
    | rebootStmt
    | poweroffStmt
    | askStmt
    | setStmt
    | echoStmt
    | ipxeStmt
    ;

// ---- declarations -------------------------------------------------------------------------
versionStmt: CARTE INT;
serialStmt: SERIAL INT;
constStmt: CONST ident ASSIGN expr;
importStmt: IMPORT ident FROM str;
includeStmt: INCLUDE str;
settingStmt: SETTING settingName ASSIGN str;
entryStmt: ENTRY name;

// `menu id "Title" { … }` defines a menu; `menu id` (as an action) opens one; `menu { … }`
// after an item's arrow defines a submenu inline (id and title come from the item).
menuStmt: MENU (name str?)? block?;
titleStmt: TITLE str;
timeoutStmt: TIMEOUT duration;
defaultStmt: DEFAULT name;
headerStmt: HEADER str;
gapStmt: GAP;
itemStmt: ITEM name str keyClause? whenClause? ARROW (block | statement);
keyClause: KEY (ident | INT | str);
whenClause: WHEN cond;

// ---- compile-time control -----------------------------------------------------------------
ifStmt: IF expr block (ELSE (ifStmt | block))?;
forStmt: FOR ident (COMMA ident)? IN expr block;

// ---- actions (an item's steps) ------------------------------------------------------------
linuxStmt: LINUX block;
multibootStmt: MULTIBOOT block;
kernelStmt: KERNEL str fetchOption*;
initrdStmt: INITRD str fetchOption*;
moduleStmt: MODULE str fetchOption*;
argsStmt: ARGS str;
efiStmt: EFI str fetchOption*;
chainStmt: CHAIN str fetchOption*;
shellStmt: SHELL;
exitStmt: EXIT INT?;
rebootStmt: REBOOT;
poweroffStmt: POWEROFF;
askStmt: ASK settingName str (DEFAULT str)?;
setStmt: SET settingName ASSIGN str;
echoStmt: ECHO str;
ipxeStmt: IPXE str;

fetchOption: SHA256 str | NAME str | ARGS str;

// ---- runtime conditions (tests on iPXE settings, evaluated on the machine) ----------------
cond
    : LPAREN cond RPAREN                                # parenCond
    | NOT cond                                          # notCond
    | ISSET settingName                                 # issetCond
    | settingName op=(EQ | NE | MATCH | NMATCH) str  # compareCond
    | cond AND cond                                     # andCond
    | cond OR cond                                      # orCond
    ;

// ---- compile-time expressions ----------------------------------------------------------------
expr
    : LPAREN expr RPAREN                                # parenExpr
    | NOT expr                                          # notExpr
    | expr op=(EQ | NE | LT | LE | GT | GE) expr        # compareExpr
    | expr IN expr                                      # inExpr
    | expr AND expr                                     # andExpr
    | expr OR expr                                      # orExpr
    | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK        # listExpr
    | (TRUE | FALSE)                                    # boolExpr
    | INT                                               # intExpr
    | str                                            # stringExpr
    | path                                              # pathExpr
    ;

path: ident (DOT ident)*;
settingName: ident ((DOT | SLASH) ident)* (COLON ident)?;
duration: DURATION | INT;
name: ident | str;
str: STRING | TRIPLE_STRING;

ident
    : IDENT | CARTE | SERIAL | CONST | IMPORT | FROM | INCLUDE | SETTING | ENTRY | MENU | TITLE | TIMEOUT
    | DEFAULT | HEADER | GAP | ITEM | KEY | WHEN | IF | ELSE | FOR | LINUX | MULTIBOOT | KERNEL
    | INITRD | MODULE | ARGS | EFI | CHAIN | SHELL | EXIT | REBOOT | POWEROFF | ASK | SET | ECHO
    | IPXE | SHA256 | NAME
    ;

// ---- lexer ----------------------------------------------------------------------------------
CARTE: 'carte';
SERIAL: 'serial';
CONST: 'const';
IMPORT: 'import';
FROM: 'from';
INCLUDE: 'include';
SETTING: 'setting';
ENTRY: 'entry';
MENU: 'menu';
TITLE: 'title';
TIMEOUT: 'timeout';
DEFAULT: 'default';
HEADER: 'header';
GAP: 'gap';
ITEM: 'item';
KEY: 'key';
WHEN: 'when';
IF: 'if';
ELSE: 'else';
FOR: 'for';
IN: 'in';
AND: 'and';
OR: 'or';
NOT: 'not';
ISSET: 'isset';
TRUE: 'true';
FALSE: 'false';
LINUX: 'linux';
MULTIBOOT: 'multiboot';
KERNEL: 'kernel';
INITRD: 'initrd';
MODULE: 'module';
ARGS: 'args';
EFI: 'efi';
CHAIN: 'chain';
SHELL: 'shell';
EXIT: 'exit';
REBOOT: 'reboot';
POWEROFF: 'poweroff';
ASK: 'ask';
SET: 'set';
ECHO: 'echo';
IPXE: 'ipxe';
SHA256: 'sha256';
NAME: 'name';

ARROW: '->';
EQ: '==';
NE: '!=';
NMATCH: '!~';
MATCH: '~';
LE: '<=';
GE: '>=';
LT: '<';
GT: '>';
ASSIGN: '=';
LBRACE: '{';
RBRACE: '}';
LPAREN: '(' { nesting++; };
RPAREN: ')' { if (nesting > 0) nesting--; };
LBRACK: '[' { nesting++; };
RBRACK: ']' { if (nesting > 0) nesting--; };
COMMA: ',';
DOT: '.';
SLASH: '/';
COLON: ':';
SEMI: ';';

// A duration needs its unit; a bare INT where a duration belongs gets a hint from the front-end.
DURATION: [0-9]+ ('ms' | 's' | 'm' | 'h');
INT: [0-9]+;
// Ids may contain '-' but not end with it, so `d->shell` still lexes as `d` `->`.
IDENT: [A-Za-z_] ([A-Za-z0-9_-]* [A-Za-z0-9_])?;

TRIPLE_STRING: '"""' .*? '"""';
STRING: '"' (ESC | ~["\\\r\n])* '"';
// Longest match prefers STRING; this only wins when the closing quote is missing.
UNTERMINATED_STRING: '"' (ESC | ~["\\\r\n])*;
fragment ESC: '\\' ~[\r\n];

COMMENT: '#' ~[\r\n]* -> channel(HIDDEN);
NL: '\r'? '\n' { if (nesting > 0) setChannel(antlr4::Token::HIDDEN_CHANNEL); };
WS: [ \t]+ -> channel(HIDDEN);
// Anything else is one bad character, reported at its exact column.
BAD_CHAR: .;

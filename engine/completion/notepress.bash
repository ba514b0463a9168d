# bash completion of notepress(1): the commands, each command's options
# (read from `notepress COMMAND --help`, so that they never disagree
# with the command), the values of --layout, --lang and --linebreak,
# and descriptions (*.xml) as operands. Installed by `make install` in
# share/bash-completion/completions/notepress.

_notepress_options()
{
    "$1" "$2" --help 2> /dev/null |
        sed -n 's/^  \(-[a-z]\), \(--[a-z-]*\).*/\1 \2/p; s/^      \(--[a-z-]*\).*/\1/p'
}

_notepress()
{
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=${COMP_WORDS[1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "render check watch batch schema --help --version" -- "$cur"))
        return
    fi
    case $prev in
        --layout)
            COMPREPLY=($(compgen -W "un-a4 un-letter un-geneva un-vienna" -- "$cur")
                       $(compgen -f -X '!*.xml' -- "$cur"))
            return ;;
        --lang)
            COMPREPLY=($(compgen -W "en fr es ru zh ar" -- "$cur"))
            return ;;
        --linebreak)
            COMPREPLY=($(compgen -W "optimal greedy" -- "$cur"))
            return ;;
        -o|--output|--json|--depfile)
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        --limit)
            COMPREPLY=($(compgen -W "input= depth= text= elements= notes= cells= list-depth= pages=" -- "$cur"))
            return ;;
    esac
    if [ "$cmd" = schema ]; then
        COMPREPLY=($(compgen -W "document layout --help" -- "$cur"))
        return
    fi
    case $cur in
        -*) COMPREPLY=($(compgen -W "$(_notepress_options "${COMP_WORDS[0]}" "$cmd")" -- "$cur")) ;;
        *)  COMPREPLY=($(compgen -f -X '!*.xml' -- "$cur") $(compgen -d -- "$cur")) ;;
    esac
}
complete -o filenames -F _notepress notepress

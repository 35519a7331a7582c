% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
<h1>Documentation</h1>
<nav aria-label="Sur cette page">
  <ul class="prose">
    <li><a href="#premiers-pas">Premiers pas</a></li>
    <li><a href="#importer">Importer la liste des élèves depuis SIECLE</a></li>
    <li><a href="#difficultes">Difficultés fréquentes</a></li>
    <li><a href="#connexion">Connexion</a></li>
  </ul>
</nav>

<h2 id="premiers-pas">Premiers pas</h2>
<ul class="prose">
  <li><strong>Campagnes</strong> : créez une campagne, communiquez son code à vos élèves, suivez leur progression et leurs résultats.</li>
  <li><strong>Élèves</strong> : la liste des élèves de l'établissement, importée depuis SIECLE par un administrateur.</li>
  <li><strong>Équipe</strong> : les membres de l'espace et leur rôle (administrateur ou membre).</li>
</ul>

<h2 id="importer">Importer la liste des élèves depuis SIECLE</h2>
<p>Les élèves rejoignent vos campagnes en saisissant leur prénom, leur nom et leur date de naissance :
Pix Orga les retrouve dans la liste importée depuis SIECLE. Seul un administrateur de l'espace peut l'importer.</p>
<ol class="prose">
  <li>Dans SIECLE (Base élèves établissement), menu <strong>Exportations › En XML</strong>.</li>
  <li>Dans les exports génériques, choisissez <strong>Élèves sans adresses</strong> ; une fois l'export
    terminé, enregistrez le fichier proposé (ExportXML_ElevesSansAdresses.zip).</li>
  <li>Dans Pix Orga, menu <strong>Élèves</strong>, bouton <strong>Importer (.xml, .zip ou .csv)</strong> :
    choisissez ce fichier, puis <strong>Vérifier le fichier</strong>. Le fichier .zip est accepté tel
    quel : inutile de l'extraire (le fichier ElevesSansAdresses.xml qu'il contient est accepté aussi).</li>
  <li>La page <strong>Vérifier l'import</strong> montre ce qui va changer sans rien modifier : nouveaux
    élèves, changements de classe, élèves absents du fichier qui seront désactivés, et les élèves du
    fichier qui ne sont pas importés (sortis de l'établissement, sans INE, sans classe), chacun par son nom.</li>
  <li><strong>Confirmer l'import</strong> : la liste s'affiche. Recharger la page de vérification ou y
    revenir ne l'importe pas une seconde fois.</li>
</ol>
<p>Réimportez le fichier à chaque arrivée, départ ou changement de classe. Importer de nouveau le même
fichier ne change rien (« Aucun changement »). Lycées agricoles, sans export SIECLE : la page d'import
propose un modèle de fichier CSV à remplir.</p>

<h2 id="difficultes">Difficultés fréquentes</h2>
<h3>Je voudrais tester mes propres campagnes</h3>
<p>Ouvrez la campagne (menu <strong>Campagnes</strong>) et utilisez <strong>Tester la campagne</strong> :
vous passez le test comme vos élèves, sans rejoindre la campagne ; votre essai n'est compté ni dans les
participants ni dans les résultats.</p>
<h3>Un collègue n'a pas reçu l'e-mail d'invitation</h3>
<p>Il a pu être filtré par la messagerie (académique notamment) : demandez-lui de regarder ses courriers
indésirables. Un administrateur peut ensuite, sur la page <strong>Équipe</strong>, onglet
<strong>Invitations</strong>, utiliser <strong>Renvoyer l'invitation</strong>, ou l'inviter à une autre adresse : l'invitation
n'est pas liée à un compte, il pourra se connecter avec le compte de son choix.</p>
<h3>Mes élèves ne sont pas reconnus quand ils saisissent leur date de naissance</h3>
<ul class="prose">
  <li>La liste des élèves n'a peut-être pas été importée : vérifiez la page <strong>Élèves</strong>.</li>
  <li>L'élève doit saisir son prénom, son nom et sa date de naissance tels que SIECLE les connaît :
    recherchez-le dans la page <strong>Élèves</strong>. S'il n'y est pas, il n'était pas dans le fichier
    importé, ou la page de vérification l'a listé parmi les élèves non importés (sans INE, sans classe,
    sorti de l'établissement) : complétez sa fiche dans SIECLE puis importez de nouveau le fichier.</li>
  <li>Si un compte existe déjà pour cet élève dans l'établissement, Pix Orga le lui indique (en partie
    masqué) : il doit se connecter avec ce compte (« J'ai déjà un compte »).</li>
</ul>
<h3>Le lien de l'e-mail d'activation de l'établissement ne fonctionne pas</h3>
<p>Ce lien est à usage unique : la personne qui l'utilise devient administrateur de l'espace. Il a
peut-être déjà servi (un administrateur existe alors déjà : demandez-lui de vous inviter) ou été
remplacé par un envoi plus récent. Si plus personne n'administre l'espace, la page qui s'affiche
propose une demande d'accès administrateur : une nouvelle invitation est envoyée à l'adresse e-mail
de l'établissement.</p>
<h3>Je n'arrive pas à me connecter à Pix Orga alors que j'ai un compte Pix</h3>
<p>On accède à l'espace d'un établissement sur invitation : un administrateur de votre établissement
doit d'abord vous inviter (page <strong>Équipe</strong>). Ouvrez ensuite le lien reçu par e-mail.</p>
<h3>Je ne trouve pas le fichier SIECLE à importer</h3>
<p>C'est le fichier .zip enregistré à la fin de l'export « Élèves sans adresses » (souvent dans le
dossier Téléchargements) : importez-le tel quel, sans l'extraire.</p>
<h3>Le fichier est refusé</h3>
<p>La page dit pourquoi, et rien n'a été modifié. Un fichier d'un autre établissement, ou qui n'est pas
l'export des élèves, est refusé tel quel : téléchargez de nouveau l'export de votre établissement. Des
noms déformés (« CÃ©cile » pour « Cécile ») signalent un fichier ouvert puis enregistré avec un autre
logiciel : importez le fichier .zip tel que SIECLE l'a donné. Des fiches à corriger se corrigent dans
SIECLE, avant un nouvel export. Pour l'assistance, les « Détails techniques » donnent les codes.</p>

<h2 id="connexion">Connexion</h2>
<p>Après 10 tentatives de connexion infructueuses, la connexion est suspendue 2 minutes, puis 4, puis 8…
Après 50 tentatives, le compte est bloqué : un administrateur de l'établissement le débloque depuis « Équipe », ou vous choisissez un nouveau mot de passe avec « Mot de passe oublié » sur la page de connexion, ce qui le débloque aussi.</p>
<h2>Plusieurs établissements</h2>
<p>Si vous êtes membre de plusieurs établissements, utilisez « Changer d'établissement » en haut de la page.</p>
